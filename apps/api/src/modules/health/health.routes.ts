import express, { type Router } from 'express';
import { checkHealth, type HealthDeps } from './health.service.js';

export function healthRouter(deps: HealthDeps): Router {
  const router = express.Router();
  router.get('/health', async (_req, res) => {
    const health = await checkHealth(deps);
    res.setHeader('Cache-Control', 'no-store');
    res.status(health.status === 'healthy' ? 200 : 503).json(health);
  });
  return router;
}
