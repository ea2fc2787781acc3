/// <reference types="vite/client" />
// Lets TypeScript see the stylesheets pages and components import (Vite bundles them).
