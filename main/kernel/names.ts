/**
 * A file's name as it is shown and sent to the API: the last path segment, without control
 * characters (which terminals and logs would act on, and the API would store as they are),
 * trimmed, at most 255 characters. Both upload routes (paths, and the web host's browser
 * uploads) use it, so a name reaches VideoGen the same way whichever route it took.
 */
export function displayFileName(raw: string): string | null {
  const base = (raw.split(/[/\\]/).pop() ?? '').replace(/\p{Cc}/gu, '').trim().slice(0, 255);
  return base.length > 0 ? base : null;
}
