import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Plugin } from 'vite';

/**
 * The install icons of ui.md UI-PWA-02, rendered from the two SVG masters in public/ at build time, so
 * the repository holds no binaries that could drift from their source. `purpose: any` icons come from
 * icon.svg (rounded square on transparency); maskable and Apple icons from icon-maskable.svg, whose
 * orange runs to the edges because the launcher (or iOS) cuts its own shape.
 */
export interface PwaIcon {
  /** Path under the site root, as the manifest and index.html reference it. */
  file: string;
  source: 'icon.svg' | 'icon-maskable.svg';
  size: number;
  /** Flattened onto white: iOS shows transparent pixels of an apple-touch-icon as black. */
  opaque?: boolean;
}

export const PWA_ICONS: readonly PwaIcon[] = [
  { file: 'icons/icon-192.png', source: 'icon.svg', size: 192 },
  { file: 'icons/icon-512.png', source: 'icon.svg', size: 512 },
  { file: 'icons/maskable-192.png', source: 'icon-maskable.svg', size: 192 },
  { file: 'icons/maskable-512.png', source: 'icon-maskable.svg', size: 512 },
  { file: 'icons/apple-touch-icon-180.png', source: 'icon-maskable.svg', size: 180, opaque: true },
  { file: 'icons/favicon-32.png', source: 'icon.svg', size: 32 },
];

async function renderIcon(publicDir: string, icon: PwaIcon): Promise<Buffer> {
  const svg = await fs.readFile(path.join(publicDir, icon.source));
  // The masters are drawn on a 512-unit canvas: rendered at 512 px, then scaled down (Lanczos).
  let image = sharp(svg).resize(icon.size, icon.size);
  if (icon.opaque) image = image.flatten({ background: '#FFFFFF' });
  return image.png({ compressionLevel: 9 }).toBuffer();
}

export function pwaIcons(): Plugin {
  let publicDir = '';
  return {
    name: 'tafuta-pwa-icons',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    // `vite dev`: render on request, so the manifest works in development too.
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const icon = PWA_ICONS.find((candidate) => req.url === `/${candidate.file}`);
        if (!icon) {
          next();
          return;
        }
        renderIcon(publicDir, icon).then(
          (png) => {
            res.setHeader('Content-Type', 'image/png');
            res.end(png);
          },
          (error: unknown) => next(error),
        );
      });
    },
    // Emitted into the bundle before vite-plugin-pwa writes the service worker, which precaches them.
    async generateBundle() {
      for (const icon of PWA_ICONS) {
        this.emitFile({ type: 'asset', fileName: icon.file, source: await renderIcon(publicDir, icon) });
      }
    },
  };
}
