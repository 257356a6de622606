import { escapeHtml, headerText } from './header-text.js';
import type { EmailRequest } from './request.js';

export interface Link {
  label: string;
  url: string;
}

/** What one email says; every email the service sends has this shape. */
export interface EmailContent {
  subject: string;
  heading: string;
  /** Paragraphs of plain text, above the action. */
  paragraphs: string[];
  action: Link;
  /** The small print under a rule, with a link at its end if any. */
  footer: { text: string; link?: Link };
}

/** The email in text and HTML (every value escaped), its subject fit for a header. */
export function composeEmail(to: string, { subject, heading, paragraphs, action, footer }: EmailContent): EmailRequest {
  const text = [
    heading,
    '',
    ...paragraphs.flatMap((paragraph) => [paragraph, '']),
    `${action.label}: ${action.url}`,
    '',
    '--',
    footer.link ? `${footer.text} ${footer.link.label}: ${footer.link.url}` : footer.text,
    '',
  ].join('\n');
  const footerLink = footer.link ? `\n<a href="${escapeHtml(footer.link.url)}">${escapeHtml(footer.link.label)}</a>.` : '';
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5">
<h2>${escapeHtml(heading)}</h2>
${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>
<hr>
<p style="color: #666; font-size: small">${escapeHtml(footer.text)}${footerLink}</p>
</body></html>
`;
  return { to, subject: headerText(subject), text, html };
}

/** A page of the web app that takes a link's token. */
export const tokenLink = (appUrl: string, path: string, token: string): string => {
  const url = new URL(path, appUrl);
  url.searchParams.set('token', token);
  return url.href;
};

/** When a link stops working, as people read it (UTC). */
export const validUntil = (expiresAt: string): string => new Date(expiresAt).toUTCString();
