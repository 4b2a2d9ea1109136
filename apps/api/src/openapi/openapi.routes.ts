import express, { type Router } from 'express';
import { buildOpenApiDocument } from './document.js';

/** API-15: the machine-readable contract, served by the API it describes. */
export function openApiRouter(version: string): Router {
  const router = express.Router();
  let document: string | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= JSON.stringify(buildOpenApiDocument(version));
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(document);
  });
  return router;
}
