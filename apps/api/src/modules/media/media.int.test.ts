import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { businessRow, castFor, expectDocumented, type Cast } from '../../test/business-kit.js';
import { installDefaultMediaConfig } from './app-config.js';
import { readSpec } from './spec-file.js';
import {
  bombPng,
  filesUnder,
  heic,
  logoPng,
  photoJpeg,
  renamedExe,
  svg,
  truncatedJpeg,
  workingFiles,
} from './test-images.js';

/** Business photos over HTTP (media.md §6, §9, §13, §14) with real files made by sharp. */

const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-media-api-'));
installDefaultMediaConfig(mediaPath);
const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000', MEDIA_PATH: mediaPath },
});
const db = () => database.current.db;
const ORIGIN = 'https://tafuta.ke';

const folderOf = async (businessId: string) => {
  const row = await businessRow(db(), businessId);
  return path.join(mediaPath, `${row.business_tag}_${businessId}`);
};

function upload(
  cast: Cast,
  who: keyof Pick<Cast, 'owner' | 'admin' | 'employee' | 'support' | 'staffAdmin' | 'stranger'>,
  fields: { image_type?: string; image_name?: string; transform?: string },
  file: Buffer | null,
  options: { field?: string; filename?: string } = {},
) {
  let req = cast[who].agent.post(`/api/businesses/${cast.businessId}/photos`).set('Origin', ORIGIN);
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
  if (file) req = req.attach(options.field ?? 'file', file, options.filename ?? 'photo.jpg');
  return req;
}

const mediaOf = async (businessId: string) =>
  ((await businessRow(db(), businessId)).content_json as { media?: Record<string, string[]> }).media ?? {};

describe('upload (MEDIA-112..117)', () => {
  it('stores the source unchanged, one WebP per size, the spec last, and references the slug', async () => {
    const cast = await castFor(harness, db());
    const png = await logoPng();
    const res = await upload(cast, 'owner', { image_type: 'logo', image_name: 'Njeri Logo' }, png, {
      filename: 'logo.jpeg',
    });
    expect(res.status).toBe(201);
    expectDocumented('post', '/api/businesses/{id}/photos', res);
    expect(res.body.data).toMatchObject({
      slug: 'njeri-logo',
      image_type: 'logo',
      name: 'Njeri Logo',
      warnings: [],
    });
    const folder = await folderOf(cast.businessId);
    // The extension comes from the magic bytes (PNG), never from the client's ".jpeg".
    expect(fs.readFileSync(path.join(folder, 'njeri-logo.png')).equals(png)).toBe(true);
    for (const [tag, side] of [
      ['icon', 64],
      ['small', 128],
      ['medium', 256],
    ] as const) {
      const meta = await sharp(path.join(folder, 'logo', `njeri-logo_${tag}.webp`)).metadata();
      expect([meta.format, meta.width, meta.height, meta.hasAlpha, meta.exif]).toEqual([
        'webp',
        side,
        side,
        true,
        undefined,
      ]);
    }
    const spec = readSpec(fs.readFileSync(path.join(folder, 'logo', 'njeri-logo.jfx'), 'utf8'), 'logo');
    expect(spec).toMatchObject({
      source: 'njeri-logo.png',
      source_width: 300,
      uploaded_by: cast.owner.userId,
    });
    expect(workingFiles(folder)).toEqual([]);
    expect(await mediaOf(cast.businessId)).toEqual({ logo: ['njeri-logo'] });
    // The URL points at /media/… and the embedded server serves it with the one-day cache header.
    const url = new URL(res.body.data.urls.medium as string);
    const served = await harness.agent().get(url.pathname);
    expect(served.status).toBe(200);
    expect(served.headers['cache-control']).toBe('public, max-age=86400');
  });

  it('warns when the name is taken or the picture must be enlarged; unicode and traversal names are slugs', async () => {
    const cast = await castFor(harness, db());
    const small = await photoJpeg(400, 300);
    const first = await upload(
      cast,
      'employee',
      { image_type: 'gallery', image_name: 'Café Njeri — Menu 2026!' },
      small,
    );
    expect(first.body.data).toMatchObject({ slug: 'cafe-njeri-menu-2026', name: 'Café Njeri — Menu 2026!' });
    expect(first.body.data.warnings).toEqual(['LOW_RESOLUTION']);
    const again = await upload(
      cast,
      'employee',
      { image_type: 'gallery', image_name: 'Cafe Njeri Menu 2026' },
      small,
    );
    expect(again.body.data.slug).toBe('cafe-njeri-menu-2026-2');
    expect(again.body.data.warnings).toContain('NAME_CHANGED');
    const traversal = await upload(
      cast,
      'employee',
      { image_type: 'gallery', image_name: '../../etc/passwd' },
      small,
      {
        filename: '../../etc/passwd',
      },
    );
    expect(traversal.status).toBe(201);
    expect(traversal.body.data.slug).toBe('etc-passwd');
    const folder = await folderOf(cast.businessId);
    expect(filesUnder(folder).every((file) => !file.includes('..'))).toBe(true);
    expect(fs.existsSync(path.join(folder, 'etc-passwd.jpg'))).toBe(true);
  });

  it('refuses hostile files with their codes and leaves nothing behind', async () => {
    const cast = await castFor(harness, db());
    const fields = { image_type: 'gallery', image_name: 'Bad' };
    // Five uploads per person per minute (MEDIA-113 row 3), so the cases are spread over the team.
    const people = ['owner', 'admin', 'employee', 'support', 'staffAdmin'] as const;
    let turn = 0;
    const next = () => people[turn++ % people.length]!;
    const cases: [string, Promise<{ status: number; body: { error: { code: string } } }>, number, string][] =
      [
        [
          'renamed executable',
          upload(cast, next(), fields, renamedExe(), { filename: 'photo.jpg' }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        ['SVG', upload(cast, next(), fields, svg(), { filename: 'logo.svg' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        [
          'HEIC',
          upload(cast, next(), fields, heic(), { filename: 'IMG_0001.heic' }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        ['truncated JPEG', upload(cast, next(), fields, await truncatedJpeg()), 422, 'INVALID_IMAGE'],
        [
          'decompression bomb',
          upload(cast, next(), fields, bombPng(), { filename: 'bomb.png' }),
          422,
          'IMAGE_DIMENSIONS_INVALID',
        ],
        ['0-byte file', upload(cast, next(), fields, Buffer.alloc(0)), 422, 'INVALID_IMAGE'],
        [
          'wrong field name',
          upload(cast, next(), fields, await photoJpeg(), { field: 'photo' }),
          400,
          'INVALID_INPUT',
        ],
        ['no file', upload(cast, next(), fields, null), 400, 'INVALID_INPUT'],
        [
          'unknown type',
          upload(cast, next(), { ...fields, image_type: 'poster' }, await photoJpeg()),
          400,
          'INVALID_INPUT',
        ],
        [
          'bad transform',
          upload(cast, next(), { ...fields, transform: '{"zoom":9}' }, await photoJpeg()),
          400,
          'INVALID_TRANSFORM',
        ],
        [
          'tiny picture',
          upload(cast, next(), fields, await photoJpeg(20, 20)),
          422,
          'IMAGE_DIMENSIONS_INVALID',
        ],
      ];
    for (const [name, pending, status, code] of cases) {
      const res = await pending;
      expect([name, res.status, res.body.error.code]).toEqual([name, status, code]);
    }
    expect(filesUnder(await folderOf(cast.businessId))).toEqual([]);
    expect(await mediaOf(cast.businessId)).toEqual({});
  });

  it('enforces the per-type count; two uploads racing for the last slot: one wins, nothing half-written', async () => {
    const cast = await castFor(harness, db());
    const png = await logoPng();
    const [a, b] = await Promise.all([
      upload(cast, 'owner', { image_type: 'logo', image_name: 'Logo A' }, png),
      upload(cast, 'admin', { image_type: 'logo', image_name: 'Logo B' }, png),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('MAX_IMAGES_REACHED');
    expectDocumented('post', '/api/businesses/{id}/photos', loser);
    const folder = await folderOf(cast.businessId);
    expect(filesUnder(folder).filter((file) => file.endsWith('.jfx'))).toHaveLength(1);
    expect(filesUnder(folder)).toHaveLength(1 + 3 + 1);
    expect(workingFiles(folder)).toEqual([]);
  });

  it('applies the role and status rules (ROLE-05, ERRATA 8/18)', async () => {
    const cast = await castFor(harness, db());
    const jpeg = await photoJpeg(400, 300);
    const fields = { image_type: 'gallery', image_name: 'Shop' };
    expect((await upload(cast, 'stranger', fields, jpeg)).status).toBe(404);
    expect((await upload(cast, 'support', fields, jpeg)).status).toBe(201);
    await db()
      .updateTable('businesses')
      .set({ status: 'out_of_business' })
      .where('business_id', '=', cast.businessId)
      .execute();
    const closed = await upload(cast, 'owner', fields, jpeg);
    expect([closed.status, closed.body.error.code]).toEqual([409, 'BUSINESS_NOT_EDITABLE']);
    await db()
      .updateTable('businesses')
      .set({ status: 'suspended', status_before_suspension: 'active' })
      .where('business_id', '=', cast.businessId)
      .execute();
    const suspended = await upload(cast, 'owner', fields, jpeg);
    expect([suspended.status, suspended.body.error.code]).toEqual([403, 'BUSINESS_SUSPENDED']);
    // A write from a foreign origin never reaches the handler (CSRF, SES-14).
    const foreign = await cast.owner.agent
      .post(`/api/businesses/${cast.businessId}/photos`)
      .set('Origin', 'https://evil.example')
      .field('image_type', 'gallery');
    expect(foreign.status).toBe(403);
  });
});

describe('editing (MEDIA-180..185) and content_json.media', () => {
  it('re-frames in place, renames, replaces the original, reorders and deletes', async () => {
    const cast = await castFor(harness, db());
    const base = `/api/businesses/${cast.businessId}/photos`;
    const jpeg = await photoJpeg();
    const one = await upload(cast, 'owner', { image_type: 'gallery', image_name: 'One' }, jpeg);
    const two = await upload(cast, 'owner', { image_type: 'gallery', image_name: 'Two' }, jpeg);
    expect([one.status, two.status]).toEqual([201, 201]);
    const folder = await folderOf(cast.businessId);
    const thumb = path.join(folder, 'gallery', 'one_thumb.webp');
    const before = fs.readFileSync(thumb);

    const framed = await cast.employee.agent
      .patch(`${base}/one`)
      .set('Origin', ORIGIN)
      .send({ transform: { zoom: 2, focus_x: 0.1, rotation: 15, brightness: 0.2 }, name: 'One, framed' });
    expect(framed.status).toBe(200);
    expectDocumented('patch', '/api/businesses/{id}/photos/{slug}', framed);
    expect(framed.body.data).toMatchObject({
      slug: 'one',
      name: 'One, framed',
      transform: { zoom: 2, rotation: 15 },
    });
    expect(fs.readFileSync(thumb).equals(before)).toBe(false);
    expect(workingFiles(folder)).toEqual([]);

    // Replace: employees may not (it destroys the original); the owner may, and the extension follows the bytes.
    const png = await logoPng();
    const put = (who: 'employee' | 'owner') =>
      cast[who].agent.put(`${base}/one/source`).set('Origin', ORIGIN).attach('file', png, 'new.png');
    expect((await put('employee')).status).toBe(403);
    const replaced = await put('owner');
    expect(replaced.status).toBe(200);
    expect(fs.existsSync(path.join(folder, 'one.jpg'))).toBe(false);
    expect(fs.readFileSync(path.join(folder, 'one.png')).equals(png)).toBe(true);
    const source = await cast.employee.agent.get(`${base}/one/source`);
    expect([source.status, source.headers['content-type'], source.headers['cache-control']]).toEqual([
      200,
      'image/png',
      'private, max-age=300',
    ]);

    // Reorder through the content save (MEDIA-221): the photo manager lists in content order.
    const row = await businessRow(db(), cast.businessId);
    const reordered = await cast.owner.agent
      .patch(`/api/businesses/${cast.businessId}`)
      .set('Origin', ORIGIN)
      .send({ base_version: row.content_version, content: { media: { gallery: ['two', 'one'] } } });
    expect(reordered.status).toBe(200);
    const list = await cast.employee.agent.get(base);
    expectDocumented('get', '/api/businesses/{id}/photos', list);
    const gallery = (list.body.data.image_types as { image_type: string; images: { slug: string }[] }[]).find(
      (type) => type.image_type === 'gallery',
    )!;
    expect(gallery.images.map((image) => image.slug)).toEqual(['two', 'one']);

    // Delete: employees may not; staff need a reason; the owner's removes every file and the reference.
    expect((await cast.employee.agent.delete(`${base}/two`).set('Origin', ORIGIN)).status).toBe(403);
    const noReason = await cast.staffAdmin.agent.delete(`${base}/two`).set('Origin', ORIGIN).send({});
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'INVALID_INPUT']);
    const deleted = await cast.owner.agent.delete(`${base}/two`).set('Origin', ORIGIN);
    expect(deleted.status).toBe(200);
    expectDocumented('delete', '/api/businesses/{id}/photos/{slug}', deleted);
    expect(filesUnder(folder).filter((file) => file.includes('two'))).toEqual([]);
    expect(await mediaOf(cast.businessId)).toEqual({ gallery: ['one'] });
    const history = await db()
      .selectFrom('business_content_history')
      .select('change_summary')
      .where('business_id', '=', cast.businessId)
      .orderBy('content_version')
      .execute();
    expect(history.map((h) => h.change_summary)).toEqual(
      expect.arrayContaining(['Added image: One', 'Added image: Two', 'Removed image: Two']),
    );
    expect((await cast.owner.agent.delete(`${base}/two`).set('Origin', ORIGIN)).status).toBe(404);
  });

  it('answers SOURCE_MISSING when the original is gone', async () => {
    const cast = await castFor(harness, db());
    await upload(cast, 'owner', { image_type: 'banner', image_name: 'Offer' }, await photoJpeg());
    fs.rmSync(path.join(await folderOf(cast.businessId), 'offer.jpg'));
    const res = await cast.owner.agent
      .patch(`/api/businesses/${cast.businessId}/photos/offer`)
      .set('Origin', ORIGIN)
      .send({ transform: { zoom: 1.5 } });
    expect([res.status, res.body.error.code]).toEqual([409, 'SOURCE_MISSING']);
  });
});
