import express, { type Express } from 'express';
import type { Store } from 'express-rate-limit';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../http/error-handler.js';
import { requestId } from '../../http/request-context.js';
import { createBusiness, grantService } from '../../test/factories.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { createDirectoryEvents } from '../directory-deps.js';
import { searchText } from './query-text.js';
import { DEFAULT_PROMOTION_WEIGHT, rankBusinesses, rankingSeed, rotationBucket } from './ranking.js';
import { allCandidates } from './search.repo.js';
import { searchRouter } from './search.routes.js';

/**
 * UI-RANK-03/04 through GET /api/search with the rotation clock moved across many hours: the SQL order
 * is exactly ranking.ts's order, pages of one seed neither repeat nor skip, and paid promotion gives
 * about twice the top placements.
 */

const { database, harness } = useIdentityHarness();
const db = () => database.current.db;
const HOUR = 3_600_000;

/** Hundreds of requests from one address: this test is about order, not RL-01, so nothing is limited. */
const unlimited: Store = {
  increment: () => Promise.resolve({ totalHits: 1, resetTime: new Date(Date.now() + 60_000) }),
  decrement: () => Promise.resolve(),
  resetKey: () => Promise.resolve(),
};

let clock = Date.UTC(2026, 2, 1, 6);
let app: Express;
const promoted = new Set<string>();
let all: string[] = [];

beforeAll(async () => {
  for (let index = 0; index < 20; index += 1) {
    const business = await createBusiness(db(), {
      status: 'active',
      content: {
        categories: ['cybers'],
        regions: ['kisumu'],
        profile: { en: { business_name: `${index % 2 === 0 ? 'Baraka' : 'Neema'} Cyber ${index}` } },
      },
    });
    all.push(business.business_id);
    if (index < 2) {
      await grantService(db(), business.business_id, 'search_promotion');
      promoted.add(business.business_id);
    }
  }
  all = all.sort();
  app = express();
  app.set('query parser', 'simple');
  app.use(requestId());
  app.use(
    '/api',
    searchRouter(
      {
        db: db(),
        logger: harness.logger,
        notifier: harness.services.notifier,
        rateLimitStores: () => unlimited,
        events: createDirectoryEvents(),
        appUrl: 'https://tafuta.ke',
        apexDomain: 'tafuta.ke',
        mediaBaseUrl: 'https://tafuta.ke/media',
        phoneTestPrefixes: [],
      },
      { now: () => clock },
    ),
  );
  app.use(errorHandler(harness.logger));
});

async function page(query: Record<string, string | number>): Promise<string[]> {
  const response = await request(app).get('/api/search').query(query).expect(200);
  return (response.body.data as { business_id: string }[]).map((item) => item.business_id);
}

/** The order ranking.ts gives the same candidates, with the tiers SQL assigned. */
async function expectedOrder(q: string | undefined, seed: number | undefined): Promise<string[]> {
  const candidates = await allCandidates(db(), { category: 'cybers', text: searchText(q) });
  const s = rankingSeed(rotationBucket(clock, 60), seed);
  const ranked = rankBusinesses(
    candidates.map((candidate) => ({ ...candidate, tier: q ? candidate.tier : undefined })),
    s,
    DEFAULT_PROMOTION_WEIGHT,
  );
  return ranked.map((candidate) => candidate.business_id);
}

describe('ranking through the search endpoint (UI-RANK-03..05, ERRATA 13)', () => {
  it('orders exactly as ranking.ts does, with and without q, for every seed', async () => {
    for (const seed of [undefined, 0, 7, 15]) {
      for (const q of [undefined, 'cyber', 'baraka']) {
        const query = {
          category: 'cybers',
          limit: 50,
          ...(seed === undefined ? {} : { seed }),
          ...(q ? { q } : {}),
        };
        expect(await page(query)).toEqual(await expectedOrder(q, seed));
      }
      clock += 5 * HOUR;
    }
  });

  it('keeps one order while a person pages, and rotates it with the hour', async () => {
    const full = await page({ category: 'cybers', seed: 9, limit: 50 });
    const paged: string[] = [];
    for (let number = 1; number <= 3; number += 1) {
      paged.push(...(await page({ category: 'cybers', seed: 9, limit: 7, page: number })));
    }
    expect(paged).toEqual(full);
    expect([...paged].sort()).toEqual(all);
    expect(await page({ category: 'cybers', seed: 10, limit: 50 })).not.toEqual(full);
    clock += HOUR;
    expect(await page({ category: 'cybers', seed: 9, limit: 50 })).not.toEqual(full);
  });

  it('gives promoted businesses about twice the top-10 % placements over days of seeds (UI-RANK-04)', async () => {
    let promotedTop = 0;
    let otherTop = 0;
    const exposure = new Map<string, number>();
    const buckets = 80;
    for (let bucket = 0; bucket < buckets; bucket += 1) {
      clock += HOUR;
      for (let seed = 0; seed < 16; seed += 1) {
        const top = await page({ category: 'cybers', seed, limit: 2 });
        for (const id of top) {
          exposure.set(id, (exposure.get(id) ?? 0) + 1);
          if (promoted.has(id)) promotedTop += 1;
          else otherTop += 1;
        }
      }
    }
    const ratio = promotedTop / promoted.size / (otherTop / (all.length - promoted.size));
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.5);
    // Every non-promoted listing gets its share (UI-RANK-05): 1,280 pages, about 117 top places each.
    const shares = all.filter((id) => !promoted.has(id)).map((id) => exposure.get(id) ?? 0);
    for (const share of shares) expect(share).toBeGreaterThan(70);
    for (const share of shares) expect(share).toBeLessThan(170);
  }, 120_000);
});
