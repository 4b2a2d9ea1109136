import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../http/logger.js';
import type { MediaIo } from '../media/storage.js';
import { saveProfilePhoto } from './profile-photo.js';
import { createBusiness } from '../../test/factories.js';
import { signUp, staffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-uploads-'));
afterAll(() => {
  fs.rmSync(uploads, { recursive: true, force: true });
});
const { database, harness } = useIdentityHarness({
  env: { UPLOAD_PATH: uploads, MAX_FILE_SIZE: '200000', RATE_LIMIT_MAX_REQUESTS: '10000' },
});

async function member(fullName = 'Nduku Mutua') {
  return signUp(harness, { body: { full_name: fullName } });
}

/** Links users to one business (active user_business_roles rows), as the memberships module does. */
async function linkToBusiness(...userIds: string[]) {
  const [ownerId, ...employees] = userIds;
  const businessId = (await createBusiness(database.current.db, { ownerId: ownerId! })).business_id;
  if (employees.length === 0) return businessId;
  await database.current.db
    .insertInto('user_business_roles')
    .values(employees.map((userId) => ({ user_id: userId, business_id: businessId, role: 'employee' })))
    .execute();
  return businessId;
}

/** A 640×480 JPEG carrying EXIF (camera make and an orientation), as phones produce. */
const cameraJpeg = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 237, g: 76, b: 34 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TecnoCamera', Orientation: '6' } })
    .toBuffer();

const URL_SHAPE = /^\/api\/users\/([0-9a-f-]{36})\/photo\?v=(\d+)$/;
const onDisk = (userId: string) => path.join(uploads, 'users', `${userId}.webp`);

async function upload(agent: TestAgent, file: Buffer, name = 'me.jpg'): Promise<string> {
  const saved = await agent.post('/api/users/me/photo').attach('file', file, name).expect(200);
  return saved.body.data.profile_photo_url as string;
}

/** GET as bytes (supertest would otherwise leave an image body empty). */
function fetchPhoto(agent: TestAgent, url: string): Promise<Response> {
  return agent
    .get(url)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

async function expectHidden(agent: TestAgent, url: string) {
  const reply = await agent.get(url).expect(404);
  expect(reply.body.error.code).toBe('NOT_FOUND');
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
}

describe('profile photo (EP-ME-04/05, MEDIA-302..306)', () => {
  it('stores a square WebP without the camera metadata and serves it privately to its owner', async () => {
    const { agent, userId } = await member();
    const before = Math.floor(Date.now() / 1000);
    const url = await upload(agent, await cameraJpeg());
    const [, id, version] = URL_SHAPE.exec(url) ?? [];
    expect(id).toBe(userId);
    expect(Number(version)).toBeGreaterThanOrEqual(before);
    expect(Number(version)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(fs.existsSync(onDisk(userId))).toBe(true);

    const served = await fetchPhoto(agent, url);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toBe('private, max-age=86400');
    const metadata = await sharp(served.body as Buffer).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(metadata.exif).toBeUndefined();
    expect(served.body).toEqual(fs.readFileSync(onDisk(userId)));
    expect((await agent.get('/api/users/me').expect(200)).body.data.profile_photo_url).toBe(url);
  });

  it('serves it to people who share a business with the user, and to staff', async () => {
    const owner = await member('Wanjiru Kamau');
    const colleague = await member('Otieno Ouma');
    await linkToBusiness(owner.userId, colleague.userId);
    const url = await upload(owner.agent, await cameraJpeg());

    const seen = await fetchPhoto(colleague.agent, url);
    expect(seen.status).toBe(200);
    expect(seen.headers['content-type']).toBe('image/webp');
    expect(seen.headers['cache-control']).toBe('private, max-age=86400');

    const staff = await staffSession(harness, database.current.db, 'support_staff');
    const byStaff = await fetchPhoto(staff.agent, url);
    expect(byStaff.status).toBe(200);
    expect(byStaff.headers['content-type']).toBe('image/webp');
  });

  it('answers 404 to anyone else, to no session, and for a malformed id or no photo', async () => {
    const owner = await member('Akinyi Odhiambo');
    const stranger = await member('Kipchoge Keino');
    const url = await upload(owner.agent, await cameraJpeg());
    await expectHidden(stranger.agent, url);
    await expectHidden(harness.agent(), url);
    await expectHidden(owner.agent, '/api/users/not-a-uuid/photo');
    await expectHidden(owner.agent, `/api/users/${stranger.userId}/photo`);
    await expectHidden(stranger.agent, `/api/users/${stranger.userId}/photo`);

    // A link that has ended no longer opens the photo.
    const former = await member('Mutiso Kyalo');
    const businessId = await linkToBusiness(owner.userId, former.userId);
    expect((await fetchPhoto(former.agent, url)).status).toBe(200);
    await database.current.db
      .updateTable('user_business_roles')
      .set({ is_deleted: true, removed_at: new Date() })
      .where('business_id', '=', businessId)
      .where('user_id', '=', former.userId)
      .execute();
    await expectHidden(former.agent, url);
  });

  it('replaces the one file, and DELETE removes it at once', async () => {
    const { agent, userId } = await member();
    const first = await upload(agent, await cameraJpeg(), 'a.jpg');
    const png = await sharp({ create: { width: 50, height: 80, channels: 4, background: '#000' } })
      .png()
      .toBuffer();
    const second = await upload(agent, png, 'b.png');
    expect(second).toMatch(URL_SHAPE);
    expect(fs.readdirSync(path.join(uploads, 'users')).filter((name) => name.startsWith(userId))).toEqual([
      `${userId}.webp`,
    ]);
    // The same file now holds the second photo, whichever version the URL asks for.
    const served = await fetchPhoto(agent, first);
    expect(served.body).toEqual(fs.readFileSync(onDisk(userId)));

    const removed = await agent.delete('/api/users/me/photo').expect(200);
    expect(removed.body.data.profile_photo_url).toBeNull();
    expect(fs.existsSync(onDisk(userId))).toBe(false);
    await expectHidden(agent, second);
    expect((await agent.get('/api/users/me').expect(200)).body.data.profile_photo_url).toBeNull();
  });

  it('is no longer served from /uploads', async () => {
    const { agent, userId } = await member();
    await upload(agent, await cameraJpeg());
    for (const url of [`/uploads/users/${userId}.webp`, `/uploads/profile-photos/${userId}.webp`]) {
      const reply = await agent.get(url);
      expect(reply.headers['content-type']).not.toBe('image/webp');
    }
  });

  it('judges the bytes, not the name, and refuses oversized files', async () => {
    const { agent } = await member();
    const fake = await agent
      .post('/api/users/me/photo')
      .attach('file', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'photo.png')
      .expect(415);
    expect(fake.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    await agent.post('/api/users/me/photo').attach('file', gif, 'photo.jpg').expect(415);
    const big = await sharp({
      create: {
        width: 2000,
        height: 2000,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png()
      .toBuffer();
    const tooLarge = await agent.post('/api/users/me/photo').attach('file', big, 'big.png').expect(413);
    expect(tooLarge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    await agent.post('/api/users/me/photo').send({ file: 'nope' }).expect(400);
  });

  it('needs a session', async () => {
    await harness
      .agent()
      .post('/api/users/me/photo')
      .attach('file', await cameraJpeg(), 'me.jpg')
      .expect(401);
  });
});

/** A PNG whose header claims `width`×`height` but whose pixel data is tiny: a decompression bomb. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** 600×200: green | red | blue thirds, so the centred square is all red. */
const stripes = () =>
  sharp({ create: { width: 600, height: 200, channels: 3, background: '#00ff00' } })
    .composite([
      {
        input: { create: { width: 200, height: 200, channels: 3, background: '#ff0000' } },
        left: 200,
        top: 0,
      },
      {
        input: { create: { width: 200, height: 200, channels: 3, background: '#0000ff' } },
        left: 400,
        top: 0,
      },
    ])
    .jpeg({ quality: 95 })
    .toBuffer();

const leftovers = () =>
  fs.existsSync(path.join(uploads, 'users'))
    ? fs.readdirSync(path.join(uploads, 'users')).filter((name) => name.startsWith('.'))
    : [];

describe('profile photo processing and hostile files (MEDIA-300/301, issue 6)', () => {
  it('takes the largest centred square at 256 px', async () => {
    const { agent, userId } = await member('Halima Abdi');
    await upload(agent, await stripes());
    const { data, info } = await sharp(onDisk(userId)).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 256, height: 256 });
    for (const x of [2, 128, 253]) {
      const at = (128 * 256 + x) * info.channels;
      const [r, g, b] = [data[at]!, data[at + 1]!, data[at + 2]!];
      expect(r).toBeGreaterThan(200);
      expect(g + b).toBeLessThan(80);
    }
  });

  it.each([
    [
      'a renamed executable',
      () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(400, 0x90)]),
      'me.jpg',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an SVG',
      () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'me.png',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a HEIC photo',
      () => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(64)]),
      'me.heic',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a WebP (business images only)',
      () =>
        sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
          .webp()
          .toBuffer(),
      'me.webp',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a truncated JPEG', async () => (await cameraJpeg()).subarray(0, 700), 'me.jpg', 422, 'INVALID_IMAGE'],
    [
      'a JPEG signature and nothing else',
      () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
      'me.jpg',
      422,
      'INVALID_IMAGE',
    ],
    ['a 0-byte file', () => Buffer.alloc(0), 'me.jpg', 422, 'INVALID_IMAGE'],
    [
      'a decompression bomb (100 megapixels in a tiny PNG)',
      () => pngClaiming(10_000, 10_000),
      'me.png',
      422,
      'IMAGE_DIMENSIONS_INVALID',
    ],
    [
      'a picture under 32 px on one side',
      () =>
        sharp({ create: { width: 31, height: 300, channels: 3, background: '#fff' } })
          .png()
          .toBuffer(),
      'me.png',
      422,
      'IMAGE_DIMENSIONS_INVALID',
    ],
  ])('refuses %s with a clear code and leaves nothing behind', async (_label, make, name, status, code) => {
    const { agent, userId } = await member('Zawadi Njoroge');
    const reply = await agent.post('/api/users/me/photo').attach('file', await make(), name);
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expect(fs.existsSync(onDisk(userId))).toBe(false);
    expect(leftovers()).toEqual([]);
    expect((await agent.get('/api/users/me').expect(200)).body.data.profile_photo_url).toBeNull();
  });

  it('refuses a wrong field name and a second file', async () => {
    const { agent } = await member('Baraka Otieno');
    const photo = await cameraJpeg();
    const wrong = await agent.post('/api/users/me/photo').attach('photo', photo, 'me.jpg').expect(400);
    expect(wrong.body.error.code).toBe('INVALID_INPUT');
    const two = await agent
      .post('/api/users/me/photo')
      .attach('file', photo, 'a.jpg')
      .attach('file', photo, 'b.jpg')
      .expect(400);
    expect(two.body.error.code).toBe('INVALID_INPUT');
  });

  it('a full disk answers STORAGE_FULL and keeps the old photo intact', async () => {
    const { agent, userId } = await member('Imani Wekesa');
    const url = await upload(agent, await cameraJpeg());
    const before = fs.readFileSync(onDisk(userId));
    const full: MediaIo = {
      writeFile: async (file) => {
        await fs.promises.writeFile(file, 'partial'); // a part was written before the disk filled up
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
      rename: (from, to) => fs.promises.rename(from, to),
    };
    const deps = {
      db: database.current.db,
      logger: createLogger({ level: 'error', console: false }),
      uploadsDir: uploads,
      io: full,
    };
    await expect(saveProfilePhoto(deps, userId, await stripes())).rejects.toMatchObject({
      code: 'STORAGE_FULL',
      status: 507,
    });
    expect(fs.readFileSync(onDisk(userId))).toEqual(before);
    expect(leftovers()).toEqual([]);
    expect((await agent.get('/api/users/me').expect(200)).body.data.profile_photo_url).toBe(url);
  });
});
