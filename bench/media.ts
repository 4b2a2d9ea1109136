import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { parseMediaAppConfig, DEFAULT_MEDIA_CONFIG_PATH } from '../apps/api/src/modules/media/app-config.js';
import { pipelineConfigOf } from '../apps/api/src/modules/media/pipeline-config.js';
import { publishNewImage, renderImage } from '../apps/api/src/modules/media/pipeline.js';
import { createProcessingSlot } from '../apps/api/src/modules/media/slot.js';
import { parseTransform } from '../apps/api/src/modules/media/transform.js';

/**
 * `npm run bench:media` (issue 6 item 8): a generated 12-megapixel JPEG through the real upload pipeline
 * (magic bytes, header checks, one decode, every size of the `profile` type, WebP, staging, journal,
 * publish) into a scratch MEDIA_PATH. Reports wall time per image and the process's peak RSS; the last
 * line is `RESULT media ms_per_image=… peak_rss_mb=…`. Env: BENCH_IMAGES (10), BENCH_TYPE (profile).
 */

const IMAGES = Math.max(1, Number.parseInt(process.env.BENCH_IMAGES ?? '', 10) || 10);
const TYPE = process.env.BENCH_TYPE ?? 'profile';

/** A photo-like 4000×3000 picture: smooth gradients plus fine detail, so JPEG and WebP do real work. */
async function twelveMegapixelJpeg(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const [sw, sh] = [1000, 750];
  const small = Buffer.alloc(sw * sh * 3);
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed / 2147483648) * 40 - 20;
  };
  for (let y = 0; y < sh; y += 1) {
    for (let x = 0; x < sw; x += 1) {
      const i = (y * sw + x) * 3;
      small[i] = (x * 235) / sw + noise();
      small[i + 1] = (y * 235) / sh + noise();
      small[i + 2] = 128 + 100 * Math.sin((x + y) / 17) + noise();
    }
  }
  return sharp(small, { raw: { width: sw, height: sh, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/**
 * The fixture is made in a child process: making a 12 MP JPEG is not part of an upload, and its memory
 * would otherwise set this process's peak RSS (process-lifetime maximum) before the pipeline even runs.
 */
function fixtureFile(dir: string): Buffer {
  const file = path.join(dir, 'fixture.jpg');
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--fixture', file],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (child.status !== 0) throw new Error('Could not make the 12 MP fixture');
  return fs.readFileSync(file);
}

async function main(): Promise<void> {
  const loaded = parseMediaAppConfig(fs.readFileSync(DEFAULT_MEDIA_CONFIG_PATH)).config;
  const config = pipelineConfigOf(loaded, loaded.config_version);
  const type = config.types.find((candidate) => candidate.key === TYPE);
  if (!type) throw new Error(`No image type ${TYPE} in the default config`);
  const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-bench-media-'));
  const jpeg = fixtureFile(mediaPath);
  const folder = path.join(mediaPath, 'bench-business_00000000-0000-4000-8000-000000000000');
  const slot = createProcessingSlot();
  const transform = parseTransform({});
  const timings: number[] = [];
  try {
    // One warm-up image (libvips start-up, JIT), then the measured ones.
    for (let i = 0; i <= IMAGES; i += 1) {
      const started = performance.now();
      const rendered = await slot.run(() => renderImage(jpeg, type, transform, config));
      await publishNewImage({
        folder,
        type,
        name: `Bench photo ${i}`,
        bytes: jpeg,
        rendered,
        actorId: 'bench',
      });
      if (i > 0) timings.push(performance.now() - started);
    }
  } finally {
    fs.rmSync(mediaPath, { recursive: true, force: true });
  }
  const mean = timings.reduce((sum, t) => sum + t, 0) / timings.length;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${IMAGES} × ${(jpeg.length / 1_048_576).toFixed(1)} MB 12 MP JPEG → ${type.sizes.map((s) => s.tag).join(', ')} ` +
      `(${TYPE}); min ${Math.min(...timings).toFixed(0)} ms, max ${Math.max(...timings).toFixed(0)} ms\n`,
  );
  process.stdout.write(`RESULT media ms_per_image=${Math.round(mean)} peak_rss_mb=${Math.round(peakMb)}\n`);
}

const fixtureAt = process.argv.indexOf('--fixture');
const run =
  fixtureAt > 0
    ? twelveMegapixelJpeg().then((jpeg) => fs.writeFileSync(process.argv[fixtureAt + 1]!, jpeg))
    : main();
run.catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
