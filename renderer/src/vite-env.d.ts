// Vite's types for `import.meta.glob`, used to load message catalogs lazily.
/// <reference types="vite/client" />
