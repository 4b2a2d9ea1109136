import express, { type Router } from 'express';
import type { DirectoryDeps } from '../directory-deps.js';

// Placeholder: filled in by the module's owner.
export function businessesRouter(_deps: DirectoryDeps): Router {
  return express.Router();
}
