#!/usr/bin/env node
// The package ships TypeScript sources; tsx compiles them on load so the CLI
// needs no build step on a fresh machine.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
