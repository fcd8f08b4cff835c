import { create } from 'zustand';
import type { ContractError, PresenterView, SyncModelView, TtsVoiceView } from '../../main/contract';
import type { LanguageView } from '../generate/types';
import { api } from '../transport/client';
import { defaultValues, toolById, valuesFromParams, type FormValues } from '../generate/tools';

type Resource<T> = { state: 'idle' | 'loading' | 'ready' | 'error'; items: T[]; error: ContractError | null };
const idle = <T,>(): Resource<T> => ({ state: 'idle', items: [], error: null });

interface GenerateState {
  toolId: string;
  /** Form values per tool, kept while switching between tools. */
  forms: Record<string, FormValues>;
  /** Uploads dropped onto a file field, waiting to become library files: field key → upload ids. */
  pending: Record<string, Record<string, string[]>>;
  /** Run the tool once per selected library file instead of once. */
  batch: boolean;
  voices: Resource<TtsVoiceView>;
  /** The voices list includes deprecated voices ("Show deprecated voices"). */
  voicesWithDeprecated: boolean;
  languages: Resource<LanguageView>;
  presenters: Resource<PresenterView>;
  models: Resource<SyncModelView>;
}

export const useGenerate = create<GenerateState>(() => ({
  toolId: 'generate-image',
  forms: {},
  pending: {},
  batch: false,
  voices: idle(),
  voicesWithDeprecated: false,
  languages: idle(),
  presenters: idle(),
  models: idle(),
}));

export function formValues(s: GenerateState, toolId: string): FormValues {
  const existing = s.forms[toolId];
  if (existing) return existing;
  const tool = toolById(toolId);
  return tool ? defaultValues(tool) : {};
}

export function selectTool(toolId: string): void {
  useGenerate.setState({ toolId, batch: false });
}

export function setField(toolId: string, key: string, value: FormValues[string]): void {
  useGenerate.setState((s) => ({ forms: { ...s.forms, [toolId]: { ...formValues(s, toolId), [key]: value } } }));
}

export function resetForm(toolId: string): void {
  useGenerate.setState((s) => {
    const forms = { ...s.forms };
    delete forms[toolId];
    const pending = { ...s.pending };
    delete pending[toolId];
    return { forms, pending };
  });
}

/** Reuse (a stored request into the tool's form), or open a tool for a batch with empty params. */
export function prefill(toolId: string, params: Record<string, unknown>, batch = false): boolean {
  const tool = toolById(toolId);
  if (!tool) return false;
  const keepForm = batch && Object.keys(params).length === 0;
  useGenerate.setState((s) => ({ toolId, batch, forms: keepForm ? s.forms : { ...s.forms, [toolId]: valuesFromParams(tool, params) } }));
  return true;
}

export function setBatch(batch: boolean): void {
  useGenerate.setState({ batch });
}

export function addPending(toolId: string, key: string, uploadIds: string[]): void {
  useGenerate.setState((s) => {
    const forTool = { ...(s.pending[toolId] ?? {}) };
    forTool[key] = [...(forTool[key] ?? []), ...uploadIds];
    return { pending: { ...s.pending, [toolId]: forTool } };
  });
}

export function removePending(toolId: string, key: string, uploadId: string): void {
  useGenerate.setState((s) => {
    const forTool = { ...(s.pending[toolId] ?? {}) };
    forTool[key] = (forTool[key] ?? []).filter((x) => x !== uploadId);
    return { pending: { ...s.pending, [toolId]: forTool } };
  });
}

async function loadResource<K extends 'voices' | 'presenters' | 'models' | 'languages'>(
  key: K,
  fetcher: () => Promise<GenerateState[K]['items']>,
  force = false,
): Promise<void> {
  const cur = useGenerate.getState()[key];
  if (!force && (cur.state === 'loading' || cur.state === 'ready')) return;
  useGenerate.setState({ [key]: { ...cur, state: 'loading', error: null } } as Partial<GenerateState>);
  try {
    const items = await fetcher();
    useGenerate.setState({ [key]: { state: 'ready', items, error: null } } as Partial<GenerateState>);
  } catch (err) {
    useGenerate.setState({ [key]: { state: 'error', items: cur.items, error: err as ContractError } } as Partial<GenerateState>);
  }
}

export const loadVoices = (force = false) =>
  loadResource('voices', () => api().invoke('resources.voices', useGenerate.getState().voicesWithDeprecated ? { includeDeprecated: true } : {}), force);
/** "Show deprecated voices": the list again, with or without them. */
export function showDeprecatedVoices(on: boolean): Promise<void> {
  useGenerate.setState({ voicesWithDeprecated: on });
  return loadVoices(true);
}
export const loadLanguages = (force = false) => loadResource('languages', () => api().invoke('resources.languages', {}), force);
export const loadPresenters = (force = false) => loadResource('presenters', () => api().invoke('resources.presenters', {}), force);
export const loadModels = (force = false) => loadResource('models', () => api().invoke('lipsync.models', {}), force);
