/**
 * A simulator on its own loopback port, for tests that need a provider without the whole app. The app
 * itself mounts the same routers under SIMULATOR_MOUNT_PATH outside production.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface SimulatorServer {
  url: string;
  close(): Promise<void>;
}

export function startSimulatorServer(router: express.Router): Promise<SimulatorServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(router);
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((closeError) => (closeError ? fail(closeError) : done()));
            // Keep-alive sockets from fetch would otherwise hold close() open for seconds.
            server.closeAllConnections();
          }),
      });
    });
  });
}
