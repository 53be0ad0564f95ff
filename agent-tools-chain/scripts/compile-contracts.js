#!/usr/bin/env node
// Compiles agent-tools-chain/src/main/solidity/*.sol with solcjs (standard JSON) into
// agent-tools-chain/src/main/resources/dev/agentry/tools/chain/contracts/<Name>.json
// ({contractName, abi, bytecode, compiler, sourceHash}), and the contracts that only tests use,
// src/test/solidity/*.sol, into src/test/resources/dev/agentry/tools/chain/testcontracts/.
//
//   node agent-tools-chain/scripts/compile-contracts.js            # writes the artifacts
//   node agent-tools-chain/scripts/compile-contracts.js --out DIR  # writes them to DIR/main and DIR/test (used by the check test)
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const moduleDir = path.resolve(__dirname, '..');
const rootDir = path.resolve(moduleDir, '..');
const artifactPath = path.join('dev', 'agentry', 'tools', 'chain');
const sets = [
  { src: path.join(moduleDir, 'src', 'main', 'solidity'),
    out: path.join(moduleDir, 'src', 'main', 'resources', artifactPath, 'contracts'), name: 'main' },
  { src: path.join(moduleDir, 'src', 'test', 'solidity'),
    out: path.join(moduleDir, 'src', 'test', 'resources', artifactPath, 'testcontracts'), name: 'test' },
];
const outIdx = process.argv.indexOf('--out');
if (outIdx > 0) for (const set of sets) set.out = path.join(path.resolve(process.argv[outIdx + 1]), set.name);

const solc = require(require.resolve('solc', { paths: [rootDir, moduleDir] }));

function findImports(importPath) {
  try {
    const resolved = require.resolve(importPath, { paths: [rootDir, moduleDir] });
    return { contents: fs.readFileSync(resolved, 'utf8') };
  } catch (e) {
    return { error: 'not found: ' + importPath };
  }
}

function compile(srcDir, outDir) {
  const files = fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort();
  const sources = {};
  for (const f of files) sources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      metadata: { bytecodeHash: 'none', appendCBOR: false },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) console.error(e.formattedMessage);
  if (errors.length > 0) process.exit(1);

  fs.mkdirSync(outDir, { recursive: true });
  for (const f of files) {
    for (const [name, c] of Object.entries(output.contracts[f] || {})) {
      if (c.evm.bytecode.object === '') continue; // interfaces
      const artifact = {
        contractName: name,
        sourceFile: f,
        compiler: 'solc ' + solc.version(),
        sourceHash: crypto.createHash('sha256').update(sources[f].content).digest('hex'),
        abi: c.abi,
        bytecode: '0x' + c.evm.bytecode.object,
      };
      fs.writeFileSync(path.join(outDir, name + '.json'), JSON.stringify(artifact, null, 2) + '\n');
      console.log('wrote ' + path.relative(process.cwd(), path.join(outDir, name + '.json')));
    }
  }
}

for (const set of sets) compile(set.src, set.out);
