import type { Language } from '@tafuta/contracts';
import type { TemplateChannel, TemplateDefinition, TemplateTexts } from './templates.js';

/**
 * Turning a catalogue entry into the message one recipient gets (ADM-501, ADM-507). Pure: the stored
 * wording is merged in by the caller, and sending is someone else's job.
 */

export interface RenderedMessage {
  /** The language whose text was used after fallback, for the notification log. */
  language: Language;
  /** SMS text, email plain text, or the in-app body. */
  text: string;
  subject?: string;
  html?: string;
  title?: string;
  body?: string;
}

export class TemplateVariableError extends Error {
  constructor(
    readonly templateKey: string,
    readonly variable: string,
    readonly problem: 'not_allowed' | 'missing',
  ) {
    super(
      `Template ${templateKey}: variable {${variable}} is ${problem === 'missing' ? 'missing' : 'not allowed'}`,
    );
    this.name = 'TemplateVariableError';
  }
}

// Upper case is matched too, so a staff typo such as {Nickname} is reported instead of sent as written.
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** ADM-506: the variables a template body uses that its key does not allow, each named once. */
export function validateTemplateBody(body: string, allowedVariables: readonly string[]): string[] {
  return [...new Set(placeholders(body).filter((name) => !allowedVariables.includes(name)))];
}

function hasChannelText(texts: TemplateTexts | undefined, channel: TemplateChannel): boolean {
  if (!texts) return false;
  if (channel === 'sms') return texts.sms !== undefined;
  if (channel === 'email') return texts.emailSubject !== undefined && texts.emailText !== undefined;
  return texts.inApp !== undefined;
}

/**
 * ADM-501: the recipient's language when it has this channel's text (for kam/ki only a stored row gives
 * it), otherwise English.
 */
function chooseLanguage(
  definition: TemplateDefinition,
  channel: TemplateChannel,
  language: Language,
): Language {
  if (language !== 'en' && hasChannelText(definition.text[language], channel)) return language;
  if (hasChannelText(definition.text.en, channel)) return 'en';
  throw new Error(`Template ${definition.key} has no English ${channel} text`);
}

function firstWord(text: string | undefined): string {
  return text?.trim().split(/\s+/)[0] ?? '';
}

function substitute(
  definition: TemplateDefinition,
  template: string,
  variables: Readonly<Record<string, string>>,
): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    if (!definition.variables.includes(name)) {
      throw new TemplateVariableError(definition.key, name, 'not_allowed');
    }
    // ADM-507: most people never set a nickname, and "Hello ," reads worse than their first name.
    const value =
      name === 'nickname' ? variables.nickname?.trim() || firstWord(variables.full_name) : variables[name];
    // Only absence is an error: an unset support phone must not stop a security notice going out.
    if (value === undefined || (name === 'nickname' && value === '')) {
      throw new TemplateVariableError(definition.key, name, 'missing');
    }
    return value;
  });
}

/** Escapes the five characters that could open markup or leave an attribute; names are shown as text. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Inline styles only: most mail clients drop `<style>` blocks and never load external sheets. */
function emailHtml(subject: string, text: string, language: Language): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => `<p style="margin:0 0 16px">${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px 12px;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#1f2933">',
    '<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px;font-size:16px;line-height:1.5">',
    paragraphs,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

/**
 * Renders one channel of a template. Throws TemplateVariableError when a passed variable is not allowed
 * for the key or a used one is missing, so a wrong call fails in tests instead of sending "{name}".
 */
export function renderTemplate(
  definition: TemplateDefinition,
  channel: TemplateChannel,
  language: Language,
  variables: Readonly<Record<string, string>>,
): RenderedMessage {
  if (!definition.channels.includes(channel)) {
    throw new Error(`Template ${definition.key} is not sent by ${channel}`);
  }
  const accepted = new Set(definition.variables);
  if (accepted.has('nickname')) accepted.add('full_name');
  for (const name of Object.keys(variables)) {
    if (!accepted.has(name)) throw new TemplateVariableError(definition.key, name, 'not_allowed');
  }

  const used = chooseLanguage(definition, channel, language);
  const texts = definition.text[used] ?? definition.text.en;
  const fill = (template: string) => substitute(definition, template, variables);

  if (channel === 'sms') return { language: used, text: fill(texts.sms ?? '') };
  if (channel === 'email') {
    const subject = fill(texts.emailSubject ?? '');
    const text = fill(texts.emailText ?? '');
    return { language: used, subject, text, html: emailHtml(subject, text, used) };
  }
  const title = fill(texts.inApp?.title ?? '');
  const body = fill(texts.inApp?.body ?? '');
  return { language: used, title, body, text: body };
}

/** ADM-530: the logged copy of an OTP message never holds the code. */
export function maskOtp(text: string, code: string): string {
  return code === '' ? text : text.split(code).join('******');
}

// GSM 03.38 default alphabet and its extension table (the latter costs two characters each).
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
export const GSM7_EXTENSION = '\f^{}\\[~]|€';
const GSM7 = new Set([...GSM7_BASIC, ...GSM7_EXTENSION]);

/**
 * ADM-508: one character outside GSM-7 switches the whole SMS to UCS-2, cutting a segment from 160 to 70
 * characters. Segment counting for sending lives with the SMS integration.
 */
export function isGsm7(text: string): boolean {
  for (const character of text) {
    if (!GSM7.has(character)) return false;
  }
  return true;
}
