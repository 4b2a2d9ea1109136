import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { castFor, expectDocumented, type Cast } from '../../test/business-kit.js';
import { installDefaultMediaConfig } from '../media/app-config.js';
import { logoPng } from '../media/test-images.js';

/**
 * EP-ME-10 as the dashboard home reads it (UI-DASH-06): each business carries the URL of its logo, or
 * null so the card shows the initials avatar.
 */

const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-my-businesses-'));
afterAll(() => fs.rmSync(mediaPath, { recursive: true, force: true }));
installDefaultMediaConfig(mediaPath);
const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000', MEDIA_PATH: mediaPath },
});
const db = () => database.current.db;
const ORIGIN = 'https://tafuta.ke';

async function mine(cast: Cast) {
  const reply = await cast.owner.agent.get('/api/users/me/businesses').expect(200);
  expectDocumented('GET', '/api/users/me/businesses', reply);
  return reply.body.data as { business_id: string; logo_url: string | null }[];
}

describe("the caller's businesses (EP-ME-10)", () => {
  it('gives the small logo once one is uploaded, and null before', async () => {
    const cast = await castFor(harness, db());
    expect(await mine(cast)).toEqual([
      expect.objectContaining({ business_id: cast.businessId, logo_url: null }),
    ]);

    const upload = await cast.owner.agent
      .post(`/api/businesses/${cast.businessId}/photos`)
      .set('Origin', ORIGIN)
      .field('image_type', 'logo')
      .field('image_name', 'Shop Sign')
      .attach('file', await logoPng(), 'logo.png');
    expect(upload.status).toBe(201);

    const [row] = await mine(cast);
    expect(row!.logo_url).toMatch(
      new RegExp(`/media/[a-z0-9-]+_${cast.businessId}/logo/shop-sign_small\\.webp(\\?v=\\d+)?$`),
    );
    // The document itself stays private to the business screens: the list row does not carry it.
    expect(row).not.toHaveProperty('content_json');
  });
});
