// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const lineBreaksAndControls = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/**
 * Text fit for a header: no CR or LF (a display name or project name carrying them must never
 * start a header of its own), nor any other control character, in one line.
 */
export function headerText(text: string, maxLength = 200): string {
  const oneLine = text.replace(lineBreaksAndControls, ' ').replace(/ {2,}/g, ' ').trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => htmlEntities[character] ?? character);
