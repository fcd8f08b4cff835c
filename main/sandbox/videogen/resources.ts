// /v1/resources/* (voices, presenters, languages) and /v1/me.
import { createHash } from 'node:crypto';
import { requirePrincipal } from '../context';
import { invalidParameters } from '../errors';
import { boolParam } from '../http/query';
import type { RouteDef } from '../router';
import { offsetPage, pageParams } from './pagination';
import { LANGUAGES, PRESENTERS, TTS_VOICES, presentersForVoice } from './resources-catalog';
import type { VideoGenService } from './service';

/** A UUID-shaped id derived from text (the /v1/me ids are bare UUIDs). */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function resourceRoutes(vg: VideoGenService): RouteDef[] {
  const base = () => vg.env.baseUrl();
  return [
    {
      method: 'GET',
      template: '/v1/resources/tts-voices',
      family: 'videogen',
      rateBucket: 'resources.ttsVoices',
      handler: (ctx) => {
        const includeDeprecated = boolParam(ctx.query, 'includeDeprecatedVoices', false, invalidParameters);
        const voices = TTS_VOICES.filter((v) => includeDeprecated || !v.isDeprecated);
        // The filter is part of the cursor's endpoint binding, so a cursor cannot change lists.
        const endpoint = `tts-voices:${includeDeprecated}`;
        const page = offsetPage(voices, pageParams(ctx, vg.env, endpoint), vg.env, endpoint);
        return { status: 200, body: { ttsVoices: page.items, hasMore: page.hasMore, nextCursor: page.nextCursor } };
      },
    },
    {
      method: 'GET',
      template: '/v1/resources/avatar-presenters',
      family: 'videogen',
      rateBucket: 'resources.avatarPresenters',
      handler: (ctx) => {
        const voiceId = ctx.query.get('voiceId');
        let list = PRESENTERS;
        if (voiceId) {
          const voice = TTS_VOICES.find((v) => v.voiceId === voiceId);
          if (!voice) throw invalidParameters('voiceId', `no voice with id "${voiceId}"`);
          list = presentersForVoice(voice);
        }
        const endpoint = `avatar-presenters:${voiceId ?? ''}`;
        const page = offsetPage(list, pageParams(ctx, vg.env, endpoint), vg.env, endpoint);
        return {
          status: 200,
          body: {
            avatarPresenters: page.items.map((p) => ({
              avatarPresenterId: p.avatarPresenterId,
              displayableGender: p.displayableGender,
              imageUrl: `${base()}/assets/presenters/${p.avatarPresenterId}/image.png`,
              thumbnailUrl: `${base()}/assets/presenters/${p.avatarPresenterId}/thumbnail.jpg`,
              previewVideoUrl: `${base()}/assets/presenters/${p.avatarPresenterId}/preview.mp4`,
            })),
            hasMore: page.hasMore,
            nextCursor: page.nextCursor,
          },
        };
      },
    },
    {
      method: 'GET',
      template: '/v1/resources/languages',
      family: 'videogen',
      rateBucket: 'resources.languages',
      handler: () => ({ status: 200, body: { languages: LANGUAGES } }),
    },
    {
      method: 'GET',
      template: '/v1/me',
      family: 'videogen',
      rateBucket: 'me',
      handler: (ctx) => {
        const { keyIndex, key } = requirePrincipal(ctx);
        const n = keyIndex + 1;
        return {
          status: 200,
          body: {
            apiKeyId: uuidFrom(`api-key:${key}`),
            apiKeyNickname: `Sandbox key ${n}`,
            email: n === 1 ? 'sandbox@videogen.local' : `sandbox+${n}@videogen.local`,
            displayName: n === 1 ? 'Sandbox User' : `Sandbox User ${n}`,
            teamId: uuidFrom(`team:${vg.env.options.seed}`),
          },
        };
      },
    },
  ];
}
