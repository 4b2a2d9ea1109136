import type { Kysely } from 'kysely';
import { MESSAGE_LANGUAGES, type TemplateRow, type TemplateUpdateBody } from '@tafuta/contracts';
import type { Database, NotificationChannel } from '../../db/schema.js';
import { invalidInput, notFound } from '../../http/errors.js';
import { isoSeconds } from '../../http/envelope.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { smsSegments } from '../../integrations/sms/segments.js';
import { validateTemplateBody } from '../notifications/render.js';
import { NOTIFICATION_TEMPLATES, type TemplateDefinition } from '../notifications/templates.js';
import type { StaffActor } from './export-stream.js';

/** ADM-505/506: the stored templates as a grid, and the Super Admin's edit of one cell. */

/** ADM-506: an SMS body may render to at most this many segments. */
export const MAX_TEMPLATE_SMS_SEGMENTS = 3;

/** Realistic-length sample values for the ADM-506 length check (longer than most real values). */
const SAMPLE_VALUES: Record<string, string> = {
  nickname: 'Wanjiru',
  full_name: 'Wanjiru Kamau Njeri',
  business_name: 'Mama Njeri Kitchen and Catering Services',
  amount: '1,392.00',
  service_type: 'Website hosting',
  service_list: 'Website hosting, Image gallery, Search promotion',
  months: '12',
  days: '30',
  expiration_date: '21 Aug 2026',
  receipt_url: 'https://tafuta.ke/r/TFT-2026-00001',
  renewal_url: 'https://tafuta.ke/config/services',
  reason: 'The phone number on the listing does not answer',
  net_refund: '1,234.00',
  code: '123456',
  support_phone: '+254700000000',
  office_address: 'Tafuta office, Machakos Town',
  role: 'admin',
};

/** Placeholders ADM-507 lets a template use: its catalogue list, and {full_name} wherever {nickname} is. */
function allowedFor(definition: TemplateDefinition): string[] {
  return definition.variables.includes('nickname')
    ? [...definition.variables, 'full_name']
    : definition.variables;
}

function definitionOf(key: string): TemplateDefinition {
  const definition = NOTIFICATION_TEMPLATES.find((template) => template.key === key);
  if (!definition) throw notFound('No such template');
  return definition;
}

export async function templateGrid(db: Kysely<Database>): Promise<TemplateRow[]> {
  const stored = await db
    .selectFrom('notification_templates')
    .select(['template_key', 'channel', 'language', 'subject', 'body', 'updated_at', 'updated_by'])
    .execute();
  const byCell = new Map(stored.map((row) => [`${row.template_key}/${row.channel}/${row.language}`, row]));
  return NOTIFICATION_TEMPLATES.map((definition) => ({
    template_key: definition.key,
    category: definition.category,
    channels: definition.channels,
    variables: allowedFor(definition),
    cells: definition.channels.flatMap((channel) =>
      MESSAGE_LANGUAGES.map((language) => {
        const row = byCell.get(`${definition.key}/${channel}/${language}`);
        return {
          channel,
          language,
          present: row !== undefined,
          subject: row?.subject ?? null,
          body: row?.body ?? null,
          updated_at: row ? isoSeconds(row.updated_at) : null,
          updated_by: row?.updated_by ?? null,
        };
      }),
    ),
  }));
}

export async function updateTemplate(
  db: Kysely<Database>,
  actor: StaffActor,
  cell: { key: string; channel: NotificationChannel; language: (typeof MESSAGE_LANGUAGES)[number] },
  input: TemplateUpdateBody,
): Promise<TemplateRow> {
  const definition = definitionOf(cell.key);
  if (!definition.channels.includes(cell.channel))
    throw notFound(`${cell.key} is not sent by ${cell.channel}`);
  const allowed = allowedFor(definition);
  for (const [field, value] of [
    ['body', input.body],
    ['subject', input.subject],
  ] as const) {
    const unknown = value === undefined ? [] : validateTemplateBody(value, allowed);
    if (unknown.length > 0) {
      throw invalidInput(`{${unknown.join('}, {')}} is not allowed in ${cell.key}`, [
        { field, code: 'not_allowed' },
      ]);
    }
  }
  if (cell.channel === 'email' && !input.subject) {
    throw invalidInput('An email template needs a subject', [{ field: 'subject', code: 'required' }]);
  }
  if (cell.channel === 'sms') {
    const rendered = input.body.replace(
      /\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
      (_m, name: string) => SAMPLE_VALUES[name] ?? 'xxxxxxxxxxxxxxxxxxxx',
    );
    const { segments } = smsSegments(rendered);
    if (segments > MAX_TEMPLATE_SMS_SEGMENTS) {
      throw invalidInput(`The SMS renders to ${segments} segments; at most ${MAX_TEMPLATE_SMS_SEGMENTS}`, [
        { field: 'body', code: 'too_long', rule: 'sms_segments' },
      ]);
    }
  }
  const subject = cell.channel === 'sms' ? null : (input.subject ?? null);
  await db.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('notification_templates')
      .select(['subject', 'body'])
      .where('template_key', '=', cell.key)
      .where('channel', '=', cell.channel)
      .where('language', '=', cell.language)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .insertInto('notification_templates')
      .values({
        template_key: cell.key,
        channel: cell.channel,
        language: cell.language,
        subject,
        body: input.body,
        variables: allowed,
        updated_by: actor.userId,
      })
      .onConflict((oc) =>
        oc.columns(['template_key', 'channel', 'language']).doUpdateSet({
          subject,
          body: input.body,
          variables: allowed,
          updated_by: actor.userId,
          updated_at: new Date(),
        }),
      )
      .execute();
    await writeAuditInTransaction(trx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'notification_template_updated',
      entityType: 'notification_template',
      entityId: `${cell.key}/${cell.channel}/${cell.language}`,
      entityLabel: cell.key,
      oldValue: old ?? null,
      newValue: { subject, body: input.body },
      reason: input.reason ?? null,
      ip: actor.ip,
      requestId: actor.requestId,
    });
  });
  const grid = await templateGrid(db);
  return grid.find((row) => row.template_key === cell.key)!;
}
