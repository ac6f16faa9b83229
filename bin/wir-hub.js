#!/usr/bin/env node
// The compiled CLI (npm install builds it; `npm run build` after changes).
require('../dist/src/cli/main.js');
