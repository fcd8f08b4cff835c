/**
 * The tool catalogue lives once, in the contract: the router checks tool requests with it
 * before any handler runs, and the renderer's forms take their tools, file inputs and limits
 * from the same data.
 */
import { describe, expect, it } from 'vitest';
import { TOOL_LIMITS, TOOL_NAMES, imageNeedsVideoModel, toolMeta } from '../../../main/contract/tool-catalog';
import { commandNames } from '../../../main/contract';
import { createRouter } from '../../../main/core/router';
import type { Handlers } from '../../../main/core/types';
import { TOOLS, defaultValues, toolById, validate } from '../../../renderer/generate/tools';

const ctx = { host: 'web' as const };

function recordingHandlers() {
  const reached: string[] = [];
  const base = Object.fromEntries(
    commandNames.map((c) => [
      c,
      async () => {
        reached.push(c);
        return {};
      },
    ]),
  );
  return { handlers: base as unknown as Handlers, reached };
}

async function refusal(cmd: string, input: unknown): Promise<{ code: string; message: string; reached: string[] }> {
  const { handlers, reached } = recordingHandlers();
  const r = await createRouter(handlers).invoke(cmd, input, ctx);
  if (r.ok) throw new Error(`${cmd} was accepted: ${JSON.stringify(input)}`);
  return { ...r.error, reached };
}

describe('tool requests are checked by the router, before any handler runs', () => {
  it('tools.run: unknown tool, params that fail the tool schema, unknown fields', async () => {
    const unknown = await refusal('tools.run', { tool: 'generate-text', params: { prompt: 'x' } });
    expect(unknown).toMatchObject({ code: 'invalid_input', reached: [] });
    expect(unknown.message).toMatch(/^Invalid input for tools\.run: tool: “generate-text” isn't a VideoGen tool Atelier knows\./);

    const noQuality = await refusal('tools.run', { tool: 'generate-image', params: { prompt: 'a fox' } });
    expect(noQuality).toMatchObject({ code: 'invalid_input', reached: [] });
    expect(noQuality.message).toMatch(/params\.quality: /);

    const tooMany = await refusal('tools.run', { tool: 'generate-image', params: { prompt: 'a fox', quality: 'LOW', numResults: TOOL_LIMITS.numResults.max + 1 } });
    expect(tooMany.message).toMatch(/params\.numResults: /);

    const misspelt = await refusal('tools.run', { tool: 'upscale-image', params: { imageStorageFileId: 'f', numResult: 2 } });
    expect(misspelt.message).toMatch(/numResult/);
  });

  it('tools.runBatch: the file parameter must be one of the tool’s file inputs, the rest must pass with a file in it', async () => {
    const wrongParam = await refusal('tools.runBatch', { tool: 'upscale-image', params: {}, fileParam: 'videoStorageFileId', fileIds: ['f1'] });
    expect(wrongParam).toMatchObject({ code: 'invalid_input', reached: [] });
    expect(wrongParam.message).toMatch(/fileParam: videoStorageFileId: this tool has no file input by that name\./);

    const badParams = await refusal('tools.runBatch', { tool: 'upscale-image', params: { watermarkMode: 'OFF' }, fileParam: 'imageStorageFileId', fileIds: ['f1'] });
    expect(badParams.message).toMatch(/params\.watermarkMode: /);

    const { handlers, reached } = recordingHandlers();
    const ok = await createRouter(handlers).invoke('tools.runBatch', { tool: 'upscale-image', params: {}, fileParam: 'imageStorageFileId', fileIds: ['f1', 'f2'] }, ctx);
    expect(ok.ok).toBe(true);
    expect(reached).toEqual(['tools.runBatch']);
  });

  it('lipsync.run: an image needs sync-3 (one rule, one code, one sentence)', async () => {
    const request = {
      model: 'lipsync-2',
      visual: { type: 'image', ref: { kind: 'url', url: 'https://example.com/face.png' } },
      voice: { type: 'text', voiceId: 'v', script: 'Hello' },
    };
    for (const cmd of ['lipsync.run', 'lipsync.estimate']) {
      const r = await refusal(cmd, request);
      expect(r).toMatchObject({ code: 'invalid_input', reached: [] });
      expect(r.message).toContain(`visual.type: ${imageNeedsVideoModel('lipsync-2')}`);
    }
    // The form says the same sentence when the models list marks the model as video-only.
    const form = toolById('lipsync')!;
    const errors = validate(
      form,
      { ...defaultValues(form), model: 'lipsync-2', visualType: 'image', visual: { kind: 'library', fileId: 'f' }, audio: { kind: 'library', fileId: 'a' } },
      { ctx: { models: [{ id: 'lipsync-2', name: 'lipsync-2', type: 'lipsync', acceptsImage: false, deprecated: false }] } },
    );
    expect(errors['visualType']).toBe(imageNeedsVideoModel('lipsync-2'));
  });
});

describe('the renderer’s forms are built from the catalogue', () => {
  it('one form per catalogue tool, with exactly the catalogue’s file inputs and limits', () => {
    for (const name of TOOL_NAMES) {
      const form = toolById(name)!;
      const files = form.fields.filter((f) => f.kind === 'file' || f.kind === 'files');
      expect(
        files.map((f) => ({ param: f.key, type: f.accept?.[0], max: f.kind === 'file' ? 1 : f.maxFiles, required: f.required === true })),
        name,
      ).toEqual(toolMeta[name].fileInputs.map((i) => ({ ...i })));
      expect(form.fields.find((f) => f.key === 'numResults'), name).toMatchObject(TOOL_LIMITS.numResults);
      expect(form.fields.some((f) => f.key === 'watermarkMode'), name).toBe(toolMeta[name].watermark);
    }
    expect(TOOLS.map((t) => t.id).filter((id) => id !== 'lipsync').sort()).toEqual([...TOOL_NAMES].sort());
    const clip = toolById('generate-video-clip')!.fields.find((f) => f.key === 'durationSeconds');
    expect(clip).toMatchObject(TOOL_LIMITS.clipSeconds);
  });
});
