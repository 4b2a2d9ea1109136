import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.js';
import { useTestDatabase } from '../../test/database.js';

/** The published legal documents: EP-SYS-02, REG-06. */

const database = useTestDatabase();
const app = () => buildTestApp(database.current.db);

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('GET /api/terms/current (EP-SYS-02)', () => {
  it('returns the current terms of service and privacy policy with their version, url and date', async () => {
    const response = await request(app()).get('/api/terms/current').expect(200);
    const { terms_of_service: terms, privacy_policy: privacy } = response.body.data;
    for (const document of [terms, privacy]) {
      expect(Object.keys(document).sort()).toEqual(['published_at', 'url', 'version_id', 'version_number']);
      expect(document.version_number).toBe('1.0');
      expect(document.version_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(document.published_at).toMatch(ISO_SECONDS);
      expect(Date.parse(document.published_at)).toBeLessThanOrEqual(Date.now());
    }
    expect(terms.url).toBe('/legal/terms-of-service-1.0.html');
    expect(privacy.url).toBe('/legal/privacy-policy-1.0.html');
  });

  it('returns the newest version of a document once it is published', async () => {
    const before = await request(app()).get('/api/terms/current').expect(200);
    const published = await database.current.db
      .insertInto('terms_versions')
      .values({
        document_type: 'privacy_policy',
        version_number: '1.1',
        url: '/legal/privacy-policy-1.1.html',
      })
      .returning('version_id')
      .executeTakeFirstOrThrow();

    const after = await request(app()).get('/api/terms/current').expect(200);
    expect(after.body.data.privacy_policy).toMatchObject({
      version_id: published.version_id,
      version_number: '1.1',
      url: '/legal/privacy-policy-1.1.html',
    });
    expect(after.body.data.terms_of_service).toEqual(before.body.data.terms_of_service);
  });
});
