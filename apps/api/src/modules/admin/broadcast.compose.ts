import type { BroadcastDraft } from '@tafuta/contracts';
import { invalidInput } from '../../http/errors.js';
import { smsSegments } from '../../integrations/sms/segments.js';
import { escapeHtml, validateTemplateBody } from '../notifications/render.js';
import { unsubscribeToken } from '../users/unsubscribe-token.js';
import type { BroadcastRecipient } from './messaging.repo.js';

/**
 * What one recipient of a staff broadcast gets (ADM-520, ADM-524/525, ADM-508): their language's body or
 * English, {nickname}/{business_name} filled in, SMS starting "Tafuta:", marketing SMS ending with the
 * opt-out path (ERRATA 24: /config/profile) and marketing email with a one-click unsubscribe link.
 */

export type BroadcastLanguage = 'en' | 'sw' | 'kam' | 'ki';

const SMS_PREFIX = 'Tafuta:';
export const MARKETING_SMS_OPT_OUT = 'Opt out: tafuta.ke/config/profile';

export interface ComposeContext {
  appUrl: string;
  /** The unsubscribe token's signing key (the current LINK_SIGNING secret). */
  linkSigningSecret: string;
}

export interface ComposedMessage {
  language: BroadcastLanguage;
  sms: string;
  smsSegments: number;
  emailSubject: string;
  emailText: string;
  emailHtml: string;
  inAppTitle: string;
  inAppBody: string;
}

/** ADM-520: {business_name} only where the audience has a business in mind. */
export function allowedVariables(draft: BroadcastDraft): string[] {
  return draft.audience.type === 'business' || draft.audience.type === 'all_owners'
    ? ['nickname', 'business_name']
    : ['nickname'];
}

/** Refuses a body naming a variable the audience cannot fill (INVALID_INPUT, field bodies.<lang>). */
export function checkDraftVariables(draft: BroadcastDraft): void {
  const allowed = allowedVariables(draft);
  for (const [language, body] of Object.entries(draft.bodies)) {
    if (body === undefined) continue;
    const unknown = validateTemplateBody(body, allowed);
    if (unknown.length > 0) {
      throw invalidInput(`bodies.${language}: {${unknown.join('}, {')}} cannot be used here`, [
        { field: `bodies.${language}`, code: 'not_allowed' },
      ]);
    }
  }
  if (draft.subject) {
    const unknown = validateTemplateBody(draft.subject, allowed);
    if (unknown.length > 0) {
      throw invalidInput(`subject: {${unknown.join('}, {')}} cannot be used here`, [
        { field: 'subject', code: 'not_allowed' },
      ]);
    }
  }
  if (draft.channels.includes('email') && !draft.subject) {
    throw invalidInput('An email needs a subject', [{ field: 'subject', code: 'required' }]);
  }
  if (
    (draft.audience.type === 'business' || draft.audience.type === 'user') !==
    (draft.audience.id !== undefined)
  ) {
    throw invalidInput('audience.id is needed for a business or user audience, and only then', [
      { field: 'audience.id', code: draft.audience.id === undefined ? 'required' : 'not_allowed' },
    ]);
  }
}

function firstWord(text: string): string {
  return text.trim().split(/\s+/)[0] ?? '';
}

function fill(text: string, recipient: BroadcastRecipient): string {
  return text
    .replace(/\{nickname\}/g, recipient.nickname?.trim() || firstWord(recipient.full_name))
    .replace(/\{business_name\}/g, recipient.business_name ?? '');
}

export function chooseLanguage(draft: BroadcastDraft, preference: string): BroadcastLanguage {
  const wanted = preference as BroadcastLanguage;
  return draft.bodies[wanted] !== undefined ? wanted : 'en';
}

export function composeFor(
  draft: BroadcastDraft,
  recipient: BroadcastRecipient,
  context: ComposeContext,
): ComposedMessage {
  const language = chooseLanguage(draft, recipient.language_preference);
  const body = fill(draft.bodies[language] ?? draft.bodies.en, recipient);
  const marketing = draft.category === 'marketing';
  const prefixed = body.startsWith(SMS_PREFIX) ? body : `${SMS_PREFIX} ${body}`;
  const sms = marketing ? `${prefixed}\n${MARKETING_SMS_OPT_OUT}` : prefixed;
  const subject = fill(draft.subject ?? 'Tafuta', recipient);
  const unsubscribe = marketing
    ? `${context.appUrl}/unsubscribe?t=${encodeURIComponent(
        unsubscribeToken(context.linkSigningSecret, recipient.user_id, 'email'),
      )}`
    : null;
  const emailText = unsubscribe ? `${body}\n\nUnsubscribe: ${unsubscribe}` : body;
  const paragraphs = body
    .split(/\n{2,}/)
    .map((part) => `<p style="margin:0 0 16px">${escapeHtml(part).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const footer = unsubscribe
    ? `<p style="margin:24px 0 0;font-size:12px"><a href="${escapeHtml(unsubscribe)}">Unsubscribe</a></p>`
    : '';
  return {
    language,
    sms,
    smsSegments: smsSegments(sms).segments,
    emailSubject: subject,
    emailText,
    emailHtml: `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2933">${paragraphs}${footer}</body></html>`,
    inAppTitle: subject,
    inAppBody: body,
  };
}
