import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { signUp } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-uploads-'));
afterAll(() => {
  fs.rmSync(uploads, { recursive: true, force: true });
});
const { harness } = useIdentityHarness({ env: { UPLOAD_PATH: uploads, MAX_FILE_SIZE: '200000' } });

async function signedIn() {
  return (await signUp(harness, { body: { full_name: 'Nduku Mutua' } })).agent;
}

/** A 640×480 JPEG carrying EXIF (camera make and an orientation), as phones produce. */
const cameraJpeg = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 237, g: 76, b: 34 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TecnoCamera', Orientation: '6' } })
    .toBuffer();

describe('profile photo (EP-ME-04/05)', () => {
  it('stores a square WebP without the camera metadata and serves it', async () => {
    const agent = await signedIn();
    const saved = await agent
      .post('/api/users/me/photo')
      .attach('file', await cameraJpeg(), 'me.jpg')
      .expect(200);
    const url = saved.body.data.profile_photo_url as string;
    expect(url).toMatch(/^\/uploads\/profile-photos\/[0-9a-f-]{36}-[0-9a-f]{16}\.webp$/);

    const served = await agent
      .get(url)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    const metadata = await sharp(served.body as Buffer).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 400, height: 400 });
    expect(metadata.exif).toBeUndefined();
    expect((await agent.get('/api/users/me').expect(200)).body.data.profile_photo_url).toBe(url);
  });

  it('replaces and deletes the file on disk', async () => {
    const agent = await signedIn();
    const first = (
      await agent
        .post('/api/users/me/photo')
        .attach('file', await cameraJpeg(), 'a.jpg')
        .expect(200)
    ).body.data.profile_photo_url as string;
    const png = await sharp({ create: { width: 50, height: 80, channels: 4, background: '#000' } })
      .png()
      .toBuffer();
    const second = (await agent.post('/api/users/me/photo').attach('file', png, 'b.png').expect(200)).body
      .data.profile_photo_url as string;
    const onDisk = (url: string) => fs.existsSync(path.join(uploads, url.replace('/uploads/', '')));
    expect(onDisk(first)).toBe(false);
    expect(onDisk(second)).toBe(true);
    await agent.delete('/api/users/me/photo').expect(200);
    expect(onDisk(second)).toBe(false);
    expect((await agent.get('/api/users/me').expect(200)).body.data.profile_photo_url).toBeNull();
  });

  it('judges the bytes, not the name, and refuses oversized files', async () => {
    const agent = await signedIn();
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
