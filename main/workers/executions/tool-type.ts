/**
 * VideoGen reports an execution's `toolType` (`GENERATE_IMAGE`) while we send to a tool name
 * (`generate-image`). The documented values follow one rule (upper case, `-` → `_`); `toolType`
 * is an open string, so an unfamiliar value simply never matches.
 */
export function toolTypeOf(toolName: string): string {
  return toolName.trim().toUpperCase().replace(/-/g, '_');
}
