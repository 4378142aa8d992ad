// Types of renderer-config.js for its TypeScript caller, the hot-reload e2e test.
import type { InlineConfig, ViteDevServer } from 'vite';

export declare const PROJECT_DIR: string;
export declare function devServerOrigin(server: ViteDevServer): string;
export declare function rendererConfig(options?: { root?: string; port?: number }): InlineConfig;
