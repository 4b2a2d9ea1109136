import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { auditRows, businessRow, castFor, expectDocumented, queuedNotices } from '../../test/business-kit.js';

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000' },
});
const db = () => database.current.db;

describe('saving content (UI-CJ-09, ERRATA 16)', () => {
  it('merges a partial document, keeps every version and writes a summary of what changed', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}`;
    const saved = await cast.employee.agent
      .patch(url)
      .send({
        base_version: 1,
        content: {
          profile: { sw: { description: 'Chakula kitamu kila siku' }, en: { services: ['Chapati'] } },
          hours: { monday: { open: '08:00', close: '18:00' } },
          contact: { whatsapp: '+254711000111' },
          categories: ['restaurants', 'groceries'],
        },
        change_note: 'Owner asked by phone',
      })
      .expect(200);
    expectDocumented('PATCH', '/api/businesses/{id}', saved);
    expect(saved.body.data.content_version).toBe(2);
    expect(saved.body.data.business).toMatchObject({
      categories: ['restaurants', 'groceries'],
      your_role: 'employee',
    });
    const stored = saved.body.data.business.content_json;
    // Objects merged: the English name and tagline written at creation are still there.
    expect(stored.profile.en).toMatchObject({ business_name: 'Mama Njeri Kitchen', services: ['Chapati'] });
    expect(stored.profile.sw).toEqual({ description: 'Chakula kitamu kila siku' });
    expect(stored.metadata).toMatchObject({ updated_by: cast.employee.userId, updated_by_type: 'owner' });

    // null removes a key; arrays replace.
    const second = await cast.owner.agent
      .patch(url)
      .send({ base_version: 2, content: { contact: { whatsapp: null }, categories: ['salons'] } })
      .expect(200);
    expect(second.body.data.business.content_json.contact.whatsapp).toBeUndefined();
    expect((await businessRow(db(), cast.businessId)).category_slugs).toEqual(['salons']);

    const history = await cast.employee.agent.get(`${url}/content/history`).expect(200);
    expectDocumented('GET', '/api/businesses/{id}/content/history', history);
    expect(history.body.pagination).toMatchObject({ total: 3 });
    const listed = history.body.data as { content_version: number }[];
    expect(listed.map((row) => row.content_version)).toEqual([3, 2, 1]);
    expect(history.body.data[1]).toMatchObject({
      change_type: 'owner_edit',
      changed_by: { user_id: cast.employee.userId, name: 'Test Person' },
      change_summary:
        'Changed description (sw), categories, WhatsApp and opening hours; added 1 service — Owner asked by phone',
    });
    expect(history.body.data[0]).toMatchObject({
      is_current: true,
      change_summary: 'Changed categories and WhatsApp',
    });

    const version = await cast.admin.agent.get(`${url}/content/history/2`).expect(200);
    expectDocumented('GET', '/api/businesses/{id}/content/history/{version}', version);
    expect(version.body.data.content_json.contact.whatsapp).toBe('+254711000111');
    await cast.admin.agent.get(`${url}/content/history/9`).expect(404);
    await cast.admin.agent.get(`${url}/content/history/two`).expect(404);
    const content = await cast.support.agent.get(`${url}/content`).expect(200);
    expectDocumented('GET', '/api/businesses/{id}/content', content);
    expect(content.body.data.content_version).toBe(3);
    await cast.stranger.agent.get(`${url}/content`).expect(404);
    await cast.stranger.agent.get(`${url}/content/history`).expect(404);
  });

  it('refuses server keys, invalid results and unknown keys, and changes nothing', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}`;
    const cases: [Record<string, unknown>, string][] = [
      [{ schema_version: 2 }, 'content.schema_version'],
      [{ metadata: { updated_by: 'me' } }, 'content.metadata'],
      [{ profile: { en: { business_name: null } } }, 'content.profile.en.business_name'],
      [{ contact: { phone: '12345' } }, 'content.contact.phone'],
      [{ profile: { fr: { tagline: 'Bonjour' } } }, 'content.profile.fr'],
      [{ opening: {} }, 'content.opening'],
    ];
    for (const [content, field] of cases) {
      const response = await cast.owner.agent.patch(url).send({ base_version: 1, content });
      expect(response.status, field).toBe(400);
      expect(response.body.error.details, field).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
      expectDocumented('PATCH', '/api/businesses/{id}', response);
    }
    const unknownCategory = await cast.owner.agent
      .patch(url)
      .send({ base_version: 1, content: { categories: ['spaceships'] } });
    expect(unknownCategory.status).toBe(400);
    expect((await businessRow(db(), cast.businessId)).content_version).toBe(1);
  });

  it('answers a stale save with 409 and who saved, and "save mine anyway" keeps both (UI acceptance 7)', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}`;
    await cast.admin.agent
      .patch(url)
      .send({ base_version: 1, content: { profile: { en: { tagline: 'First editor' } } } })
      .expect(200);
    const stale = await cast.owner.agent
      .patch(url)
      .send({ base_version: 1, content: { profile: { en: { tagline: 'Second editor' } } } });
    expect(stale.status).toBe(409);
    expectDocumented('PATCH', '/api/businesses/{id}', stale);
    expect(stale.body.error).toMatchObject({
      code: 'CONFLICT',
      current_version: 2,
      updated_by: { user_id: cast.admin.userId, name: 'Test Person' },
    });
    expect(stale.body.error.updated_at).toMatch(/Z$/);

    await cast.owner.agent
      .patch(url)
      .send({ base_version: 1, force: true, content: { profile: { en: { tagline: 'Second editor' } } } })
      .expect(200);
    const versions = await db()
      .selectFrom('business_content_history')
      .select(['content_version', sql<string>`content_json -> 'profile' -> 'en' ->> 'tagline'`.as('tagline')])
      .where('business_id', '=', cast.businessId)
      .orderBy('content_version')
      .execute();
    expect(versions.map((row) => row.tagline)).toEqual([
      'Chapati and pilau every day',
      'First editor',
      'Second editor',
    ]);

    // A staff save made after an owner loaded the page is shown to that owner as "Tafuta team".
    await cast.support.agent
      .patch(url)
      .send({
        base_version: 3,
        content: { location: { street_address1: 'Ngei Road' } },
        change_note: 'By phone',
      })
      .expect(200);
    const afterStaff = await cast.owner.agent.patch(url).send({ base_version: 3, content: { hours: {} } });
    expect(afterStaff.body.error.updated_by).toEqual({ user_id: null, name: 'Tafuta team' });
  });

  it('stops members of a suspended business, but not staff; staff saves need a note and are audited', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}`;
    await db()
      .updateTable('businesses')
      .set({ status: 'suspended', status_before_suspension: 'active' })
      .where('business_id', '=', cast.businessId)
      .execute();
    const body = { base_version: 1, content: { profile: { en: { tagline: 'New' } } } };
    for (const who of ['owner', 'admin', 'employee'] as const) {
      const refused = await cast[who].agent.patch(url).send(body);
      expect(refused.status, who).toBe(403);
      expect(refused.body.error.code, who).toBe('BUSINESS_SUSPENDED');
    }
    await cast.owner.agent.get(url).expect(200);
    const noNote = await cast.support.agent.patch(url).send(body);
    expect(noNote.status).toBe(400);
    expect(noNote.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'change_note' });

    const saved = await cast.support.agent
      .patch(url)
      .send({ ...body, change_note: 'Fixed the tagline at the owner’s request' })
      .expect(200);
    expect(saved.body.data.business.your_role).toBeNull();
    const [history] = await db()
      .selectFrom('business_content_history')
      .select(['change_type', 'changed_by', 'change_summary'])
      .where('business_id', '=', cast.businessId)
      .where('content_version', '=', 2)
      .execute();
    expect(history).toEqual({
      change_type: 'admin_edit',
      changed_by: cast.support.userId,
      change_summary: 'Changed tagline (en) — Fixed the tagline at the owner’s request',
    });
    const [audit] = await auditRows(db(), 'business_edited', cast.businessId);
    expect(audit).toMatchObject({ actor_id: cast.support.userId, actor_role: 'support_staff' });
    const seenByOwner = await cast.owner.agent.get(`${url}/content/history/2`).expect(200);
    expect(seenByOwner.body.data.changed_by).toEqual({ user_id: null, name: 'Tafuta team' });
    const seenByStaff = await cast.staffAdmin.agent.get(`${url}/content/history/2`).expect(200);
    expect(seenByStaff.body.data.changed_by.user_id).toBe(cast.support.userId);
  });

  it('resubmits a business sent back for changes, and keeps submitted_at while awaiting review (ADM-101/102)', async () => {
    const cast = await castFor(harness, db(), { status: 'pending' });
    const url = `/api/businesses/${cast.businessId}`;
    const first = await businessRow(db(), cast.businessId);
    await cast.owner.agent
      .patch(url)
      .send({ base_version: 1, content: { profile: { en: { tagline: 'Still waiting' } } } })
      .expect(200);
    const waiting = await businessRow(db(), cast.businessId);
    expect(waiting.submitted_at).toEqual(first.submitted_at);
    expect(await queuedNotices(db(), 'business_submitted', [cast.owner.userId])).toHaveLength(0);

    await db()
      .updateTable('businesses')
      .set({ review_state: 'changes_requested', rejection_reason_code: 'incomplete_information' })
      .where('business_id', '=', cast.businessId)
      .execute();
    const fixed = await cast.employee.agent
      .patch(url)
      .send({ base_version: 2, content: { profile: { en: { description: 'Now with a description' } } } })
      .expect(200);
    expect(fixed.body.data.business).toMatchObject({ status: 'pending', review_state: 'awaiting_review' });
    const resubmitted = await businessRow(db(), cast.businessId);
    expect(resubmitted.submitted_at!.getTime()).toBeGreaterThan(first.submitted_at!.getTime());
    expect(await queuedNotices(db(), 'business_submitted', [cast.owner.userId])).toHaveLength(1);
  });
});

describe('restoring a version (EP-BIZ-23, UI-HIST-05/06, ADM-159)', () => {
  it('makes the chosen version a new one and keeps the rest (UI acceptance 6)', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}`;
    for (const [version, tagline] of [
      [1, 'Version two'],
      [2, 'Version three'],
      [3, 'Version four'],
    ] as const) {
      await cast.owner.agent
        .patch(url)
        .send({ base_version: version, content: { profile: { en: { tagline } } } })
        .expect(200);
    }
    // Photos are today's: a restore keeps the current media and drops captions of missing photos.
    await db()
      .updateTable('businesses')
      .set({ content_json: sql`jsonb_set(content_json, '{media}', '{"gallery": ["braids-1"]}')` })
      .where('business_id', '=', cast.businessId)
      .execute();

    for (const who of ['employee'] as const) {
      await cast[who].agent.post(`${url}/content/rollback`).send({ version: 2 }).expect(403);
    }
    await cast.stranger.agent.post(`${url}/content/rollback`).send({ version: 2 }).expect(404);
    const stale = await cast.admin.agent
      .post(`${url}/content/rollback`)
      .send({ version: 2, base_version: 3 });
    expect(stale.status).toBe(409);
    expectDocumented('POST', '/api/businesses/{id}/content/rollback', stale);
    await cast.admin.agent.post(`${url}/content/rollback`).send({ version: 4 }).expect(409);
    await cast.admin.agent.post(`${url}/content/rollback`).send({ version: 12 }).expect(400);

    const restored = await cast.admin.agent
      .post(`${url}/content/rollback`)
      .send({ version: 2, base_version: 4, reason: 'Liked it better' })
      .expect(200);
    expectDocumented('POST', '/api/businesses/{id}/content/rollback', restored);
    expect(restored.body.data).toEqual({ content_version: 5, restored_from_version: 2 });
    const rows = await db()
      .selectFrom('business_content_history')
      .selectAll()
      .where('business_id', '=', cast.businessId)
      .orderBy('content_version')
      .execute();
    expect(rows.map((row) => row.content_version)).toEqual([1, 2, 3, 4, 5]);
    const withoutStamp = ({ metadata: _m, media: _media, ...rest }: Record<string, unknown>) => rest;
    expect(withoutStamp(rows[4]!.content_json)).toEqual(withoutStamp(rows[1]!.content_json));
    expect(rows[4]).toMatchObject({
      change_type: 'rollback',
      restored_from_version: 2,
      change_summary: 'Restored version 2 — Liked it better',
    });
    expect((rows[4]!.content_json as { media?: unknown }).media).toEqual({ gallery: ['braids-1'] });
    expect(await auditRows(db(), 'content_rollback', cast.businessId)).toEqual([]);
    expect(await queuedNotices(db(), 'content_rolled_back', [cast.owner.userId])).toEqual([]);
  });

  it('lets staff restore with a reason, audited, every owner told', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}`;
    await cast.owner.agent
      .patch(url)
      .send({ base_version: 1, content: { profile: { en: { tagline: 'Spam link here' } } } })
      .expect(200);
    const noReason = await cast.support.agent.post(`${url}/content/rollback`).send({ version: 1 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');

    await cast.support.agent
      .post(`${url}/content/rollback`)
      .send({ version: 1, reason: 'Removed a misleading tagline' })
      .expect(200);
    const [audit] = await auditRows(db(), 'content_rollback', cast.businessId);
    expect(audit).toMatchObject({
      actor_id: cast.support.userId,
      reason: 'Removed a misleading tagline',
      old_value: { content_version: 2 },
      new_value: { content_version: 3, restored_from_version: 1 },
    });
    expect(await queuedNotices(db(), 'content_rolled_back', [cast.owner.userId, cast.admin.userId])).toEqual([
      { user_id: cast.owner.userId, type: 'content_rolled_back' },
    ]);
    const history = await cast.owner.agent.get(`${url}/content/history?limit=1`).expect(200);
    expect(history.body.data[0]).toMatchObject({
      change_type: 'rollback',
      changed_by: { user_id: null, name: 'Tafuta team' },
    });
    expect(history.body.pagination).toMatchObject({ page: 1, limit: 1, total: 3, pages: 3 });
  });
});
