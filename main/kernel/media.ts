/** The renditions the media cache keeps per file, and a cached file as the hosts serve it. */
export type MediaKind = 'thumb' | 'preview' | 'download';

export interface MediaFile {
  path: string;
  size: number;
  mimeType: string;
}
