#!/usr/bin/env node
// Entry point of the `medlens` command: runs the compiled CLI (npm install builds it).
import { runCli } from '../dist/main.js';

process.exitCode = await runCli(process.argv.slice(2));
