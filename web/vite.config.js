// Two pages, built into one directory that build.rs embeds in the binary:
// playground.html (GraphiQL, served at /) and explore.html (the network explorer, at /explore).
// Scripts, styles and fonts go to assets/ with content hashes in their names, so the server
// can let browsers cache them for good; nothing is loaded from another host.
import { resolve } from "node:path";
import { defineConfig } from "vite";

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: "/",
  // build.rs sets COLLABGRAPH_WEB_OUT to a directory under cargo's OUT_DIR.
  build: {
    outDir: process.env.COLLABGRAPH_WEB_OUT || resolve(here, "dist"),
    emptyOutDir: true,
    assetsDir: "assets",
    // Keep fonts and images as files rather than data: URLs only when they are large.
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
    rollupOptions: {
      // React packages mark modules "use client"; that means nothing in a plain bundle.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: {
        playground: resolve(here, "playground.html"),
        explore: resolve(here, "explore.html"),
      },
    },
  },
});
