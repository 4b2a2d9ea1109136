import {
  analyticsExportQuery,
  analyticsQuery,
  analyticsReport,
  auditLogQuery,
  auditLogRow,
  authLogQuery,
  authLogRow,
  broadcastDraft,
  broadcastListQuery,
  broadcastPreview,
  broadcastSendBody,
  broadcastSent,
  broadcastView,
  healthMetrics,
  healthMetricsQuery,
  messageLogQuery,
  messageLogRow,
  templateRow,
  templateUpdateBody,
} from '@tafuta/contracts';
import { z } from 'zod';
import { defineOperation, list, ok } from '../operation.js';

/** Back-office logs, messaging and analytics (admin.md §10, §12, §13), from modules/admin/{logs,messaging,analytics}.routes.ts. */

const tags = ['staff'];
const csvNote =
  ' With `format=csv` (Admin+) the same filter is streamed as `text/csv` (UTF-8 with BOM, ADM-700), at most ' +
  "50,000 rows (INVALID_INPUT above), formula-like cells prefixed with `'`, and the export is audited " +
  '(`data_exported`).';

export const adminInsightsOperations = [
  defineOperation({
    method: 'get',
    path: '/api/admin/auth-logs',
    operationId: 'staffListAuthLogs',
    summary: 'Search the auth log',
    description: `Support+. Newest first, 50 per page, last 7 days unless from/to are given.${csvNote}`,
    specId: 'EP-ADM-30',
    tags,
    security: 'staff',
    query: authLogQuery,
    responses: { 200: list('One page of auth-log rows', authLogRow) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/audit-logs',
    operationId: 'staffListAuditLogs',
    summary: 'Search the audit log',
    description: `Support+. Newest first, 50 per page, last 7 days unless from/to are given.${csvNote}`,
    specId: 'EP-ADM-31',
    tags,
    security: 'staff',
    query: auditLogQuery,
    responses: { 200: list('One page of audit-log rows', auditLogRow) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/notifications/templates',
    operationId: 'staffListTemplates',
    summary: 'The notification template grid',
    description: 'Support+. Every template × channel × language, missing cells marked (ADM-506).',
    specId: 'ADM-506',
    tags,
    security: 'staff',
    responses: { 200: ok('Every template with its cells', templateRow.array()) },
  }),
  defineOperation({
    method: 'put',
    path: '/api/admin/notifications/templates/{key}/{channel}/{language}',
    operationId: 'staffUpdateTemplate',
    summary: 'Save one template cell',
    description:
      'Super Admin. Refused (INVALID_INPUT) when the body or subject uses a variable the template does not ' +
      'allow, an email has no subject, or an SMS renders to more than 3 segments. Audited.',
    specId: 'ADM-506',
    tags,
    security: 'staff',
    params: z.object({
      key: z.string().describe('Template key, e.g. business_approved'),
      channel: z.enum(['sms', 'email', 'in_app']),
      language: z.enum(['en', 'sw', 'kam', 'ki']),
    }),
    request: templateUpdateBody,
    responses: { 200: ok('The template with all its cells', templateRow) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/notifications/preview',
    operationId: 'staffPreviewBroadcast',
    summary: 'Preview a staff broadcast',
    description:
      'Admin+ (service announcements to all users/owners: Super Admin). Recipient counts per channel after ' +
      'opt-in filters, SMS segments, cost estimate, quiet hours, a rendered sample per language (ADM-522).',
    specId: 'ADM-522',
    tags,
    security: 'staff',
    request: broadcastDraft,
    responses: { 200: ok('The preview', broadcastPreview) },
    errors: ['NOT_FOUND'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/notifications/send',
    operationId: 'staffSendBroadcast',
    summary: 'Send a staff broadcast',
    description:
      'Admin+ (service announcements to all users/owners: Super Admin). Header `Idempotency-Key` (UUID) ' +
      'required: the same key from the same staff member replays the first answer (200). Above 100 ' +
      'recipients `confirm_count` must equal the recipient count. The same wording to the same audience ' +
      'within 24 h is refused (CONFLICT). Marketing SMS inside the quiet hours are held until they end.',
    specId: 'ADM-523',
    tags,
    security: 'staff',
    request: broadcastSendBody,
    responses: {
      201: ok('Queued', broadcastSent),
      200: ok('Replayed for a repeated Idempotency-Key', broadcastSent),
    },
    errors: ['NOT_FOUND', 'CONFLICT', 'IDEMPOTENCY_CONFLICT', 'CONFIRMATION_REQUIRED'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/notifications/broadcasts',
    operationId: 'staffListBroadcasts',
    summary: 'Broadcast history',
    description:
      'Support+. Newest first, with delivery counts per channel and the actual SMS cost (ADM-526).',
    specId: 'ADM-526',
    tags,
    security: 'staff',
    query: broadcastListQuery,
    responses: { 200: list('One page of broadcasts', broadcastView) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/notifications/broadcasts/{id}',
    operationId: 'staffGetBroadcast',
    summary: 'One broadcast',
    description: 'Support+.',
    specId: 'ADM-526',
    tags,
    security: 'staff',
    params: z.object({ id: z.uuid() }),
    responses: { 200: ok('The broadcast', broadcastView) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/notifications/log',
    operationId: 'staffListMessageLog',
    summary: 'The message log',
    description:
      'Support+. Every message sent, newest first, last 30 days unless from/to are given (ADM-530).',
    specId: 'ADM-530',
    tags,
    security: 'staff',
    query: messageLogQuery,
    responses: { 200: list('One page of messages', messageLogRow) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/analytics',
    operationId: 'staffAnalytics',
    summary: 'Business analytics for a range of days',
    description: 'Support+. EAT days, last 30 by default, at most 366; comparison with the period before.',
    specId: 'EP-ADM-71',
    tags,
    security: 'staff',
    query: analyticsQuery,
    responses: { 200: ok('The figures', analyticsReport) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/analytics/export',
    operationId: 'staffExportAnalytics',
    summary: 'Analytics as CSV',
    description: 'Admin+ (ERRATA 8). One section per metric (section, metric, key, value); audited.',
    specId: 'ADM-604',
    tags,
    security: 'staff',
    query: analyticsExportQuery,
    responses: { 200: { description: 'The CSV file', contentType: 'text/csv' } },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/health-metrics',
    operationId: 'staffHealthMetrics',
    summary: 'Platform health',
    description:
      'Support+. Latency percentiles and error rate from this process’s prom-client histogram, pool use, ' +
      'uptime from the minute heartbeat, sessions, 24 h payment and SMS rates, alerts (ADM-620).',
    specId: 'ADM-620',
    tags,
    security: 'staff',
    query: healthMetricsQuery,
    responses: { 200: ok('The figures', healthMetrics) },
  }),
];
