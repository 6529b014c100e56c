#!/usr/bin/env node
// The language server for editors other than VS Code: `hindsight-language-server --stdio`.
require('../dist/server.js');
