import type { TemplateChannel, TemplateDefinition, TemplateLanguage, TemplateTexts } from './templates.js';

/**
 * One wording per message, so the email, the in-app notice and the SMS cannot drift apart. Every catalogue
 * file (templates.ts and its templates-*.ts parts) frames its messages through here. It imports the
 * catalogue's types only, so no file imports another while the catalogue array is being built.
 */

export interface Notice {
  sms: string;
  subject: string;
  /** Shown in-app and framed as the email; the title only where the template has an in-app channel. */
  body: string;
  title?: string;
}

/** A notice that also shows in-app, so it needs its title. */
export type InAppNotice = Required<Notice>;

// ADM-502: security and account messages reach people on every channel unless the template says otherwise.
export const EVERY_CHANNEL: readonly TemplateChannel[] = ['sms', 'email', 'in_app'];

const EMAIL_FRAME: Record<TemplateLanguage, { greeting: string; closing: string }> = {
  en: { greeting: 'Hello {nickname},', closing: 'The Tafuta team' },
  sw: { greeting: 'Habari {nickname},', closing: 'Timu ya Tafuta' },
};

export function notice(language: TemplateLanguage, { sms, subject, body, title }: Notice): TemplateTexts {
  const frame = EMAIL_FRAME[language];
  return {
    sms,
    emailSubject: subject,
    emailText: `${frame.greeting}\n\n${body}\n\n${frame.closing}`,
    ...(title === undefined ? {} : { inApp: { title, body } }),
  };
}

/** Both languages of one message, framed alike. */
export function noticeTexts(text: Record<TemplateLanguage, Notice>): Record<TemplateLanguage, TemplateTexts> {
  return { en: notice('en', text.en), sw: notice('sw', text.sw) };
}

/** A template sent on every channel: the shape of the owner-facing directory and service messages. */
export function everyChannelTemplate(
  key: string,
  category: TemplateDefinition['category'],
  variables: string[],
  text: Record<TemplateLanguage, InAppNotice>,
): TemplateDefinition {
  return { key, category, variables, channels: [...EVERY_CHANNEL], text: noticeTexts(text) };
}
