import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROMOTION_WEIGHT,
  rankBusinesses,
  rankingSeed,
  rotationBucket,
  rankSalt,
  rotationUnit,
  seededHash32,
  SEEDLESS_SLOT,
} from './ranking.js';

const ids = (count: number) =>
  Array.from({ length: count }, (_, index) => crypto.createHash('md5').update(`b${index}`).digest('hex')).map(
    (hex) =>
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
  );

/** Top-10 appearance rate of promoted vs non-promoted businesses over `rounds` random seeds. */
function topTenRatio(weight: number, rounds: number): number {
  const businesses = ids(100).map((business_id, index) => ({ business_id, promoted: index < 5 }));
  let promotedHits = 0;
  let otherHits = 0;
  for (let round = 0; round < rounds; round += 1) {
    const s = crypto.randomInt(0, 2 ** 40);
    for (const item of rankBusinesses(businesses, s, weight).slice(0, 10)) {
      if (item.promoted) promotedHits += 1;
      else otherHits += 1;
    }
  }
  return promotedHits / 5 / (otherHits / 95);
}

describe('ranking (UI-RANK-03/04, ERRATA 13)', () => {
  it('salts each business with the first 32 bits of SHA-256 of its UUID bytes', () => {
    const id = '3f6d2a10-0000-4000-8000-00000000d904';
    const bytes = Buffer.from('3f6d2a10000040008000' + '00000000d904', 'hex');
    expect(rankSalt(id)).toBe(crypto.createHash('sha256').update(bytes).digest().readUInt32BE(0));
  });

  it("mixes salt and seed exactly as PostgreSQL's hashint8extended does (low 32 bits)", () => {
    // Values read from PostgreSQL 15: select hashint8extended(5, 0), (5, 12345), (4294967295, 7).
    expect(seededHash32(5, 0)).toBe(Number(-9138765687874534020n & 0xffffffffn));
    expect(seededHash32(5, 12345)).toBe(Number(-9066058002129571013n & 0xffffffffn));
    expect(seededHash32(4294967295, 7)).toBe(Number(8228280636233252028n & 0xffffffffn));
  });

  it('u lies strictly between 0 and 1 and follows the mixed hash', () => {
    const id = '3f6d2a10-0000-4000-8000-00000000d904';
    expect(rotationUnit(1234, id)).toBe((seededHash32(rankSalt(id), 1234) + 0.5) / 2 ** 32);
    expect(rotationUnit(1234, id)).toBeGreaterThan(0);
    expect(rotationUnit(1234, id)).toBeLessThan(1);
  });

  it('mixes the seed with the rotation bucket, with a slot of its own for seedless requests', () => {
    const bucket = rotationBucket(Date.UTC(2026, 2, 1, 9, 30), 60);
    expect(bucket).toBe(Math.floor(Date.UTC(2026, 2, 1, 9) / 3_600_000));
    const seen = new Set<number>();
    for (const b of [bucket, bucket + 1]) {
      for (let seed = 0; seed < 16; seed += 1) seen.add(rankingSeed(b, seed));
      seen.add(rankingSeed(b, undefined));
    }
    expect(seen.size).toBe(34);
    expect(rankingSeed(bucket, undefined)).toBe(rankingSeed(bucket, SEEDLESS_SLOT));
    expect(rotationBucket(Date.UTC(2026, 2, 1, 9, 59, 59), 60)).toBe(bucket);
    expect(rotationBucket(Date.UTC(2026, 2, 1, 10), 60)).toBe(bucket + 1);
  });

  it('puts a promoted business in the top 10 about twice as often at weight 2.1 (UI-RANK-04)', () => {
    const ratio = topTenRatio(DEFAULT_PROMOTION_WEIGHT, 20_000);
    expect(ratio).toBeGreaterThanOrEqual(1.8);
    expect(ratio).toBeLessThanOrEqual(2.2);
  }, 60_000);

  it('gives no advantage at weight 1.0', () => {
    const ratio = topTenRatio(1, 10_000);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  }, 60_000);

  it('gives every non-promoted business the same exposure over many days of rotation (UI-RANK-05)', () => {
    const businesses = ids(40).map((business_id, index) => ({ business_id, promoted: index < 4 }));
    const exposure = new Map<string, number>();
    const start = rotationBucket(Date.UTC(2026, 0, 1), 60);
    const buckets = 24 * 120;
    for (let bucket = start; bucket < start + buckets; bucket += 1) {
      for (const item of rankBusinesses(
        businesses,
        rankingSeed(bucket, undefined),
        DEFAULT_PROMOTION_WEIGHT,
      ).slice(0, 10)) {
        exposure.set(item.business_id, (exposure.get(item.business_id) ?? 0) + 1);
      }
    }
    const rates = businesses
      .filter((b) => !b.promoted)
      .map((b) => (exposure.get(b.business_id) ?? 0) / buckets);
    const mean = rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
    // Binomial spread at ~2,900 trials is about 0.008; 0.04 is five of those.
    for (const rate of rates) expect(Math.abs(rate - mean)).toBeLessThan(0.04);
    const promotedRate =
      businesses.filter((b) => b.promoted).reduce((sum, b) => sum + (exposure.get(b.business_id) ?? 0), 0) /
      4 /
      buckets;
    expect(promotedRate).toBeGreaterThan(mean * 1.5);
  }, 60_000);

  it('keeps one order for one seed, so pages neither repeat nor skip', () => {
    const businesses = ids(57).map((business_id, index) => ({ business_id, promoted: index % 7 === 0 }));
    const s = rankingSeed(rotationBucket(Date.now(), 60), 3);
    const full = rankBusinesses(businesses, s, 2.1);
    const paged = [0, 1, 2].flatMap((page) =>
      rankBusinesses([...businesses].reverse(), s, 2.1).slice(page * 20, page * 20 + 20),
    );
    expect(paged.map((b) => b.business_id)).toEqual(full.map((b) => b.business_id));
    expect(new Set(paged.map((b) => b.business_id)).size).toBe(57);
    expect(rankBusinesses(businesses, s + 1, 2.1).map((b) => b.business_id)).not.toEqual(
      full.map((b) => b.business_id),
    );
  });

  it('orders by relevance tier first when the request has q', () => {
    const [a, b, c] = ids(3) as [string, string, string];
    const order = rankBusinesses(
      [
        { business_id: a, promoted: true, tier: 1 },
        { business_id: b, promoted: false, tier: 3 },
        { business_id: c, promoted: false, tier: 2 },
      ],
      7,
      2.1,
    );
    expect(order.map((item) => item.business_id)).toEqual([b, c, a]);
  });
});
