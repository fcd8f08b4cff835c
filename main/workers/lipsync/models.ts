/** What each Sync model accepts (README B2): only sync-3 takes an image instead of a video. */
export function modelAcceptsImage(model: string): boolean {
  return /^sync-3(\b|[.-]|$)/i.test(model.trim());
}
