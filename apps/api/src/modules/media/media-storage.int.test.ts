import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { frameGeometry, sourcePointAt } from '@tafuta/contracts/photos';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../http/logger.js';
import { createBusiness } from '../../test/factories.js';
import { useTestDatabase } from '../../test/database.js';
import { createMediaConfigStore, installDefaultMediaConfig } from './app-config.js';
import { withMediaLock } from './lock.js';
import { configSnapshot, type MediaDeps } from './media.deps.js';
import { uploadPhoto } from './media.service.js';
import { typeOf } from './pipeline-config.js';
import { publishNewImage, renderImage } from './pipeline.js';
import { recoverMedia } from './recovery.js';
import { regenerateMedia } from './regenerate.js';
import { createProcessingSlot } from './slot.js';
import { defaultIo, type MediaIo } from './storage.js';
import { filesUnder, photoJpeg, workingFiles } from './test-images.js';
import { parseTransform } from './transform.js';

/** Atomicity, recovery, regeneration and render parity (media.md §8.4, §9, §10) on real files. */

const database = useTestDatabase();
const db = () => database.current.db;
const logger = createLogger({ level: 'error', console: false });
const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-media-store-'));
installDefaultMediaConfig(mediaPath);
const store = createMediaConfigStore({ mediaPath, logger });

function deps(io?: MediaIo): MediaDeps {
  return {
    db: db(),
    logger,
    mediaPath,
    mediaBaseUrl: 'https://tafuta.ke/media',
    mediaConfig: store,
    slot: createProcessingSlot(),
    hasFreeSpace: () => Promise.resolve(true),
    ...(io ? { io } : {}),
  };
}

async function ownedBusiness() {
  const business = await createBusiness(db(), { status: 'active' });
  const actor = { userId: business.ownerId, staffRole: null, ip: null, requestId: 'test' };
  return {
    business,
    actor,
    folder: path.join(mediaPath, `${business.business_tag}_${business.business_id}`),
  };
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });

describe('atomic storage (MEDIA-200..208)', () => {
  it('a full disk aborts the upload with STORAGE_FULL and leaves nothing', async () => {
    const { business, actor, folder } = await ownedBusiness();
    let writes = 0;
    const io: MediaIo = {
      ...defaultIo,
      // The third staged file (an output) hits a full disk.
      writeFile: async (file, data) => {
        writes += 1;
        if (writes === 3) throw enospc();
        await defaultIo.writeFile(file, data);
      },
    };
    const upload = uploadPhoto(deps(io), actor, business.business_id, {
      image_type: 'profile',
      image_name: 'Shop front',
      file: await photoJpeg(),
    });
    await expect(upload).rejects.toMatchObject({ code: 'STORAGE_FULL', status: 507 });
    expect(filesUnder(folder)).toEqual([]);
  });

  it('a crash between the outputs and the spec is rolled forward by recovery at start-up', async () => {
    const { business, folder } = await ownedBusiness();
    const config = configSnapshot(deps());
    const type = typeOf(config, 'profile')!;
    const bytes = await photoJpeg();
    const rendered = await renderImage(bytes, type, parseTransform({}), config);
    // The process "dies" when it comes to publish the spec: source and outputs are renamed, the spec is not.
    const crashing: MediaIo = {
      ...defaultIo,
      rename: async (from, to) => {
        if (to.endsWith('.jfx') && !path.basename(to).startsWith('.journal-')) throw new Error('power cut');
        await defaultIo.rename(from, to);
      },
    };
    await expect(
      publishNewImage({
        folder,
        type,
        name: 'Shop front',
        bytes,
        rendered,
        actorId: business.ownerId,
        io: crashing,
      }),
    ).rejects.toThrow('power cut');
    expect(workingFiles(folder).length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(folder, 'profile', 'shop-front.jfx'))).toBe(false);

    // A crash before the commit point leaves only staged files: the operation never happened.
    fs.mkdirSync(path.join(folder, 'gallery'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'gallery', '.tmp-deadbeef-half_thumb.webp'), 'half-written');

    const report = await recoverMedia({ db: db(), mediaPath, logger });
    expect(report).toMatchObject({ journals: 1, failed: 0 });
    expect(workingFiles(folder)).toEqual([]);
    expect(filesUnder(folder)).toEqual([
      'profile/shop-front.jfx',
      'profile/shop-front_large.webp',
      'profile/shop-front_small.webp',
      'profile/shop-front_thumb.webp',
      'shop-front.jpg',
    ]);
  });

  it('a second writer waits for the business lock and gives up with MEDIA_BUSY', async () => {
    const { business } = await ownedBusiness();
    let release!: () => void;
    const held = withMediaLock(
      db(),
      business.business_id,
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(
      withMediaLock(db(), business.business_id, () => Promise.resolve('never'), 300),
    ).rejects.toMatchObject({
      code: 'MEDIA_BUSY',
    });
    release();
    await held;
    await expect(withMediaLock(db(), business.business_id, () => Promise.resolve('free'), 300)).resolves.toBe(
      'free',
    );
  });
});

describe('regenerate (MEDIA-186/187)', () => {
  it('rebuilds missing outputs byte-identically and changes nothing on a re-run', async () => {
    const { business, actor, folder } = await ownedBusiness();
    for (const [type, name] of [
      ['banner', 'Offer'],
      ['gallery', 'Chapati'],
    ] as const) {
      await uploadPhoto(deps(), actor, business.business_id, {
        image_type: type,
        image_name: name,
        transform: JSON.stringify({ zoom: 1.4, rotation: -7, saturation: 0.3 }),
        file: await photoJpeg(),
      });
    }
    const snapshot = () =>
      new Map(filesUnder(folder).map((file) => [file, fs.readFileSync(path.join(folder, file))]));
    const original = snapshot();
    fs.rmSync(path.join(folder, 'banner', 'offer_600x200.webp'));
    fs.writeFileSync(path.join(folder, 'gallery', 'chapati_retired-size.webp'), 'old size');
    const run = () =>
      regenerateMedia({
        db: db(),
        mediaPath,
        config: configSnapshot(deps()),
        logger,
        filter: { businessTag: business.business_tag },
      });
    const first = await run();
    expect(first).toMatchObject({ images: 2, regenerated: 2, unchanged: 0, failed: [] });
    const after = snapshot();
    expect([...after.keys()]).toEqual([...original.keys()]);
    for (const [file, bytes] of original) expect(after.get(file)!.equals(bytes), file).toBe(true);
    const second = await run();
    expect(second).toMatchObject({ regenerated: 0, unchanged: 2 });
  });
});

describe('render parity (MEDIA-159)', () => {
  it('matches a direct sampling of the MEDIA-153 mapping within the tolerance', async () => {
    // A smooth test pattern: horizontal ramp in red, vertical in green, so any geometric shift shows.
    const W = 640;
    const H = 480;
    const raw = Buffer.alloc(W * H * 3);
    for (let y = 0; y < H; y += 1) {
      for (let x = 0; x < W; x += 1) {
        raw[(y * W + x) * 3] = Math.round((x / (W - 1)) * 255);
        raw[(y * W + x) * 3 + 1] = Math.round((y / (H - 1)) * 255);
        raw[(y * W + x) * 3 + 2] = 128;
      }
    }
    const png = await sharp(raw, { raw: { width: W, height: H, channels: 3 } })
      .png()
      .toBuffer();
    const config = configSnapshot(deps());
    const type = typeOf(config, 'banner')!;
    for (const patch of [
      {},
      { zoom: 2, focus_x: 0.3, rotation: 20 },
      { flip_horizontal: true, rotation: -45, zoom: 1.2 },
    ]) {
      const transform = parseTransform(patch);
      const { outputs, info } = await renderImage(png, type, transform, config);
      const size = type.sizes.find((s) => s.tag === '600x200')!;
      const out = await sharp(outputs.get('600x200')).removeAlpha().raw().toBuffer();
      const g = frameGeometry(info, size, transform);
      let diff = 0;
      for (let v = 0; v < size.height; v += 1) {
        for (let u = 0; u < size.width; u += 1) {
          const p = sourcePointAt(info, size, transform, g, u + 0.5, v + 0.5);
          const expectedR = ((p.x - 0.5) / (W - 1)) * 255;
          const expectedG = ((p.y - 0.5) / (H - 1)) * 255;
          const i = (v * size.width + u) * 3;
          diff += Math.abs(out[i]! - expectedR) + Math.abs(out[i + 1]! - expectedG);
        }
      }
      const mean = diff / (size.width * size.height * 2);
      expect(mean, JSON.stringify(patch)).toBeLessThanOrEqual(4);
    }
  });
});
