#!/usr/bin/env node
// The installed `monitor` command: everything else lives in main.ts.
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2));
