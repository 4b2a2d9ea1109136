import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { orderedEntries, orderedKeys } from '../../lib/flexjson/index.js';
import {
  createMediaConfigStore,
  DEFAULT_MEDIA_CONFIG_PATH,
  installDefaultMediaConfig,
  MEDIA_CONFIG_FILE,
  MediaConfigInvalidError,
  MediaConfigUnavailableError,
  parseMediaAppConfig,
  type MediaConfigInvalidEvent,
} from './app-config.js';

const parse = (text: string) => parseMediaAppConfig(Buffer.from(text));
const MINIMAL_TYPE = '{ max_images: 1, sizes: { s: { width: 64, height: 64 } } }';
/** A minimal valid file with one top-level field or one type definition replaced. */
const withTop = (field: string) => `{ ${field}, image_types: { logo: ${MINIMAL_TYPE} } }`;
const withType = (body: string) => `{ image_types: { logo: { ${body} } } }`;

describe('the shipped default app-config.jfx (MEDIA-050 d, MEDIA-083)', () => {
  const bytes = fs.readFileSync(DEFAULT_MEDIA_CONFIG_PATH);
  const { config, warnings } = parseMediaAppConfig(bytes);

  it('parses and validates without warnings', () => {
    expect(warnings).toEqual([]);
    expect(config.config_version).toBe(createHash('sha256').update(bytes).digest('hex').slice(0, 12));
  });

  it('holds the table of MEDIA-083, in file order', () => {
    expect(config).toMatchObject({
      max_upload_size_mb: 10,
      max_upload_bytes: 10_485_760,
      accepted_formats: ['jpg', 'png', 'gif', 'webp'],
      webp_quality: 85,
      max_source_megapixels: 50,
      min_source_px: 32,
    });
    const summary = orderedEntries(config.image_types).map(([key, type]) => [
      key,
      type.label,
      type.max_images,
      type.requires_service,
      type.max_images_without_service,
      type.primary_size,
      orderedEntries(type.sizes).map(([tag, s]) => `${tag}=${s.width}x${s.height}`),
    ]);
    expect(summary).toEqual([
      ['logo', 'Business Logo', 1, null, 1, 'medium', ['icon=64x64', 'small=128x128', 'medium=256x256']],
      [
        'banner',
        'Banner Image',
        3,
        null,
        3,
        '1200x400',
        ['300x100=300x100', '600x200=600x200', '1200x400=1200x400'],
      ],
      [
        'profile',
        'Profile / Hero Image',
        5,
        null,
        5,
        'large',
        ['thumb=150x150', 'small=300x300', 'large=800x600'],
      ],
      [
        'gallery',
        'Product / Service Gallery',
        50,
        'image_gallery',
        5,
        'medium',
        ['thumb=150x150', 'medium=600x450'],
      ],
    ]);
  });
});

describe('parseMediaAppConfig: fields and ranges (MEDIA-081/082)', () => {
  it('applies the defaults of every optional field', () => {
    const { config } = parse(`{ image_types: { logo: ${MINIMAL_TYPE} } }`);
    expect(config).toMatchObject({
      max_upload_size_mb: 10,
      accepted_formats: ['jpg', 'png', 'gif', 'webp'],
      webp_quality: 85,
      max_source_megapixels: 50,
      min_source_px: 32,
    });
    expect(config.image_types.logo).toMatchObject({
      label: 'logo',
      requires_service: null,
      max_images_without_service: 1,
      primary_size: 's',
    });
  });

  it.each([
    'max_upload_size_mb: 1',
    'max_upload_size_mb: 50',
    'max_upload_size_mb: 2.5',
    'webp_quality: 50',
    'webp_quality: 100',
    'max_source_megapixels: 1',
    'max_source_megapixels: 100',
    'min_source_px: 1',
    'min_source_px: 1024',
    'accepted_formats: [JPEG, Png]',
  ])('accepts the boundary %s', (field) => {
    expect(() => parse(withTop(field))).not.toThrow();
  });

  it.each([
    ['max_upload_size_mb: 0.99', /max_upload_size_mb/],
    ['max_upload_size_mb: 51', /max_upload_size_mb/],
    ['max_upload_size_mb: "10"', /max_upload_size_mb/],
    ['webp_quality: 49', /webp_quality/],
    ['webp_quality: 101', /webp_quality/],
    ['webp_quality: 85.5', /webp_quality/],
    ['max_source_megapixels: 0.5', /max_source_megapixels/],
    ['max_source_megapixels: 101', /max_source_megapixels/],
    ['min_source_px: 0', /min_source_px/],
    ['min_source_px: 1025', /min_source_px/],
    ['accepted_formats: [jpg, heic]', /accepted_formats\.1/],
    ['accepted_formats: [svg]', /accepted_formats/],
    ['accepted_formats: []', /accepted_formats/],
  ])('rejects %s', (field, problem) => {
    expect(() => parse(withTop(field))).toThrow(problem);
  });

  it.each([
    ['max_images: 0, sizes: { s: { width: 64, height: 64 } }', /max_images/],
    ['max_images: 501, sizes: { s: { width: 64, height: 64 } }', /max_images/],
    ['max_images: 1.5, sizes: { s: { width: 64, height: 64 } }', /max_images/],
    ['sizes: { s: { width: 64, height: 64 } }', /max_images/],
    ['max_images: 1', /sizes/],
    ['max_images: 1, sizes: {}', /at least one size/],
    ['max_images: 1, sizes: { s: { width: 15, height: 64 } }', /sizes\.s\.width/],
    ['max_images: 1, sizes: { s: { width: 64, height: 4097 } }', /sizes\.s\.height/],
    ['max_images: 1, sizes: { s: { width: 64 } }', /sizes\.s\.height/],
    ['max_images: 1, sizes: { S: { width: 64, height: 64 } }', /size tag/],
    ['max_images: 1, sizes: { -s: { width: 64, height: 64 } }', /size tag/],
    ['max_images: 1, sizes: { a_b: { width: 64, height: 64 } }', /size tag/],
    [
      'max_images: 3, max_images_without_service: 4, sizes: { s: { width: 64, height: 64 } }',
      /must not exceed max_images/,
    ],
    [
      'max_images: 3, max_images_without_service: -1, sizes: { s: { width: 64, height: 64 } }',
      /max_images_without_service/,
    ],
    ['max_images: 3, requires_service: coffee, sizes: { s: { width: 64, height: 64 } }', /requires_service/],
    ['label: "", max_images: 1, sizes: { s: { width: 64, height: 64 } }', /label/],
  ])('rejects the type definition %s', (body, problem) => {
    expect(() => parse(withType(body))).toThrow(problem);
  });

  it.each([
    '{}',
    '{ image_types: {} }',
    `{ image_types: { Logo: ${MINIMAL_TYPE} } }`,
    `{ image_types: { 9x: ${MINIMAL_TYPE} } }`,
  ])('rejects image types %s', (text) => {
    expect(() => parse(text)).toThrow(MediaConfigInvalidError);
  });

  it('reports a syntax error with its line and column', () => {
    const err = (() => {
      try {
        parse('{\n  image_types: {\n    logo: { label: Business Logo }\n  }\n}');
      } catch (e) {
        return e as MediaConfigInvalidError;
      }
      throw new Error('expected a failure');
    })();
    expect(err).toBeInstanceOf(MediaConfigInvalidError);
    expect(err.position).toEqual({ line: 3, column: 29 });
  });

  it('warns about unknown fields and missing render-context sizes, and ignores them', () => {
    const { config, warnings } = parse(
      `{ colour: red, image_types: { logo: { max_image: 2, max_images: 1, sizes: { icon: { width: 64, height: 64, dpi: 2 } } } } }`,
    );
    expect(config.image_types.logo?.max_images).toBe(1);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'unknown field colour ignored',
        'unknown field image_types.logo.max_image ignored',
        'unknown field image_types.logo.sizes.icon.dpi ignored',
        'size logo.small used by a default render context is missing',
        'size banner.300x100 used by a default render context is missing',
      ]),
    );
  });

  it('keeps the file order of integer-like size tags and picks the first largest as primary', () => {
    const { config } = parse(
      `{ image_types: { t: { max_images: 1, sizes: { "900": { width: 90, height: 90 }, "300": { width: 300, height: 30 }, "100": { width: 30, height: 300 } } } } }`,
    );
    const type = config.image_types.t;
    expect(orderedKeys(type?.sizes ?? {})).toEqual(['900', '300', '100']);
    expect(type?.primary_size).toBe('300');
  });
});

describe('createMediaConfigStore: hot reload (MEDIA-087/088)', () => {
  let dir: string;
  let clock: number;
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const invalid: MediaConfigInvalidEvent[] = [];
  const file = () => path.join(dir, MEDIA_CONFIG_FILE);
  const write = (text: string) => {
    fs.writeFileSync(file(), text);
    // Make sure the stamp changes even within one mtime tick.
    const t = new Date(Date.now() + Math.random() * 1e6);
    fs.utimesSync(file(), t, t);
  };
  const store = () =>
    createMediaConfigStore({ mediaPath: dir, logger, onInvalid: (e) => invalid.push(e), now: () => clock });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-config-'));
    clock = 1_000_000;
    invalid.length = 0;
    vi.clearAllMocks();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('installs the default when absent and never overwrites a live file', () => {
    expect(installDefaultMediaConfig(dir)).toBe(true);
    expect(fs.readFileSync(file())).toEqual(fs.readFileSync(DEFAULT_MEDIA_CONFIG_PATH));
    expect(fs.statSync(file()).mode & 0o777).toBe(0o644);
    write(withTop('webp_quality: 60'));
    expect(installDefaultMediaConfig(dir)).toBe(false);
    expect(store().current().webp_quality).toBe(60);
    expect(fs.readdirSync(dir)).toEqual([MEDIA_CONFIG_FILE]); // no temp file left behind
  });

  it('a broken file never replaces the good one; staff are alerted once; a fixed file loads', () => {
    write(withTop('webp_quality: 70'));
    const s = store();
    const first = s.current();
    expect(first.webp_quality).toBe(70);

    write(withTop('webp_quality: 70,, '));
    clock += 10_000;
    expect(s.current()).toBe(first);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.keptPrevious).toBe(true);
    expect(logger.error).toHaveBeenCalledWith(
      'Media configuration rejected; keeping the last good one',
      expect.objectContaining({ critical: true, kept_previous: true, line: 1 }),
    );

    write(withTop('webp_quality: 700')); // parses, but out of range
    clock += 10_000;
    expect(s.current().webp_quality).toBe(70);
    expect(invalid).toHaveLength(2);

    clock += 10_000; // unchanged broken file: no second alert
    s.current();
    expect(invalid).toHaveLength(2);

    write(withTop('webp_quality: 90'));
    clock += 10_000;
    expect(s.current().webp_quality).toBe(90);
  });

  it('checks the file at most every 10 seconds, on demand', () => {
    write(withTop('webp_quality: 70'));
    const s = store();
    expect(s.current().webp_quality).toBe(70);
    write(withTop('webp_quality: 80'));
    clock += 9_999;
    expect(s.current().webp_quality).toBe(70);
    clock += 1;
    expect(s.current().webp_quality).toBe(80);
    write(withTop('webp_quality: 90'));
    expect(s.refresh()).toBe(true); // an explicit check ignores the interval
    expect(s.current().webp_quality).toBe(90);
  });

  it('without any good config: current() throws MEDIA_CONFIG_UNAVAILABLE and peek() is null', () => {
    write('{ image_types: ');
    const s = store();
    expect(s.peek()).toBeNull();
    expect(() => s.current()).toThrow(MediaConfigUnavailableError);
    expect(() => s.current()).toThrow(
      expect.objectContaining({ code: 'MEDIA_CONFIG_UNAVAILABLE', status: 503 }),
    );
    expect(invalid[0]?.keptPrevious).toBe(false);
    expect(invalid[0]?.error.position).toEqual({ line: 1, column: 16 });
  });

  it('a missing file is reported once and recovers when the file appears', () => {
    const s = store();
    expect(s.peek()).toBeNull();
    clock += 10_000;
    expect(s.peek()).toBeNull();
    expect(invalid).toHaveLength(1);
    write(withTop('webp_quality: 55'));
    clock += 10_000;
    expect(s.current().webp_quality).toBe(55);
  });
});
