import fs from 'node:fs/promises';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { PUBLIC_MEDIA_CACHE_CONTROL, PUBLIC_MEDIA_PATH } from './urls.js';

/**
 * `/media/*` for the embedded default and development (media.md §12). In production Caddy serves
 * the same paths straight from disk with the same allow-list and headers (deploy/caddy/tafuta.caddy),
 * so behaviour does not change between the two.
 *
 * Only generated outputs are public (MEDIA-241): GET/HEAD of
 *   /media/{business_tag}_{uuid}/{type}/{slug}_{size_tag}.webp
 * Sources (GPS metadata), `.jfx` specs (user IDs), app-config.jfx, dot-files, `.archive/` and folders
 * answer 404, and there are no directory listings. The pattern is tested on the raw, undecoded path,
 * so `..%2f` and friends never match.
 */
export function mediaServeRouter(options: { mediaPath: string }): Router {
  const router = express.Router();
  const root = path.resolve(options.mediaPath);

  const notFound = (res: Response) => {
    res.status(404).type('text/plain').send('Not found');
  };

  router.use(async (req: Request, res: Response) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !PUBLIC_MEDIA_PATH.test(req.path)) {
      notFound(res);
      return;
    }
    const file = path.join(root, req.path);
    // The pattern already rules out `..`; this keeps the guarantee if the pattern is ever loosened.
    if (!file.startsWith(root + path.sep)) {
      notFound(res);
      return;
    }
    // A regular file only: never a folder, and never a symbolic link planted in the tree.
    const stat = await fs.lstat(file).catch(() => null);
    if (!stat?.isFile()) {
      notFound(res);
      return;
    }
    res.sendFile(
      file,
      {
        dotfiles: 'deny',
        lastModified: true,
        // We set Cache-Control ourselves, and only on success, so a 404 is not cached for a day.
        cacheControl: false,
        headers: {
          'Cache-Control': PUBLIC_MEDIA_CACHE_CONTROL,
          'Content-Type': 'image/webp',
          'X-Content-Type-Options': 'nosniff',
        },
      },
      (err?: Error) => {
        // Vanished between lstat and open (a delete raced us), or the client went away.
        if (err && !res.headersSent) notFound(res);
      },
    );
  });
  return router;
}
