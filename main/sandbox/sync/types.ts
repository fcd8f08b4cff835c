// The sandbox's model of Sync generations and assets.

export type InputType = 'video' | 'image' | 'audio' | 'text';

/** One `input[]` item as the client sent it (validated). */
export interface InputItem {
  type: InputType;
  url?: string;
  assetId?: string;
  refId?: string;
  provider?: { name: string; voiceId: string; script: string; stability?: number; similarityBoost?: number };
  segments_secs?: number[][];
  segments_frames?: number[][];
}

export interface CreateGeneration {
  model: string;
  input: InputItem[];
  options: Record<string, unknown>;
  segments?: unknown[];
  webhookUrl?: string;
  outputFileName?: string;
  projectId?: string;
}

export interface Failure {
  code: string;
  message: string;
  /** Sandbox time at which the failure was known. */
  at: number;
}

/** A generation's inputs as local files (or a script to "speak"). */
export interface ResolvedInputs {
  visual: { kind: 'video' | 'image'; path: string };
  audio: { kind: 'file'; path: string } | { kind: 'text'; script: string };
}

export interface GenerationRecord {
  id: string;
  keyIndex: number;
  createdAt: number;
  request: CreateGeneration;
  /** Input items as reported back (urls filled in for uploads and assets). */
  input: InputItem[];
  /** Set when inputs are unusable, or rendering failed. */
  failure: Failure | null;
  output: { path: string; durationSeconds: number; doneAt: number } | null;
  synthesizedAudio: { path: string; url: string } | null;
  cancelledAt: number | null;
  resultToken: string;
  /** What the output is made from; kept so a restart can finish an unfinished render. */
  inputs?: ResolvedInputs | null;
}

export interface AssetRecord {
  id: string;
  keyIndex: number;
  createdAt: number;
  updatedAt: number;
  type: 'AUDIO' | 'VIDEO' | 'IMAGE';
  name: string;
  url: string;
  size: number;
  format: string;
  inputType: 'UPLOAD' | 'URL';
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  path: string;
  projectId: string | null;
}
