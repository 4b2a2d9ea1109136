import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, describe, expect, it } from 'vitest';
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
    expect(metadata).toMatchObject({ format: 'webp', width: 400, height: 400 });
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
