import type { Kysely, Transaction } from 'kysely';
import type { Language } from '@tafuta/contracts';
import type { Database, NotificationChannel } from '../../db/schema.js';
import { renderTemplate, type RenderedMessage } from './render.js';
import { NOTIFICATION_TEMPLATES, type TemplateDefinition } from './templates.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The catalogue entry (category, channels, allowed variables) of a template key. */
export function templateDefinition(key: string): TemplateDefinition {
  const definition = NOTIFICATION_TEMPLATES.find((template) => template.key === key);
  if (!definition) throw new Error(`Unknown notification template: ${key}`);
  return definition;
}

/**
 * ADM-505: the wording lives in `notification_templates` (seeded from the catalogue, edited by staff), so
 * the stored rows replace the catalogue's text before rendering; the renderer applies the language
 * fallback of ADM-501. Kikamba and Kikuyu have no catalogue text, so a stored row in the recipient's
 * language is the only way they get their own wording; without one they get English.
 */
export async function renderStoredTemplate(
  db: Db,
  definition: TemplateDefinition,
  channel: NotificationChannel,
  language: Language,
  variables: Record<string, string>,
): Promise<RenderedMessage> {
  const rows = await db
    .selectFrom('notification_templates')
    .select(['language', 'subject', 'body'])
    .where('template_key', '=', definition.key)
    .where('channel', '=', channel)
    .where('language', 'in', [...new Set<Language>(['en', 'sw', language])])
    .execute();
  const text = structuredClone(definition.text);
  for (const row of rows) {
    const entry = (text[row.language] ??= {});
    if (channel === 'sms') entry.sms = row.body;
    if (channel === 'email') {
      entry.emailSubject = row.subject ?? entry.emailSubject;
      entry.emailText = row.body;
    }
    if (channel === 'in_app')
      entry.inApp = { title: row.subject ?? entry.inApp?.title ?? '', body: row.body };
  }
  const allowed = Object.fromEntries(
    Object.entries(variables).filter(([name]) => definition.variables.includes(name)),
  );
  return renderTemplate({ ...definition, text }, channel, language, allowed);
}
