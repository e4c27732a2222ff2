import { createHash } from 'node:crypto';

/*
 * A Merkle tree as Certificate Transparency builds it (RFC 6962 §2.1, RFC 9162
 * §2.1): SHA-256, a 0x00 byte before a leaf and 0x01 before a node (so a leaf
 * can never pass for a node), an unbalanced tree split at the largest power of
 * two below the size. Hashes are 64 hex characters. Plain SHA-256 on purpose:
 * anyone can check an inclusion proof; what makes the root trustworthy is the
 * keyed chain entry that holds it (src/audit/group.ts).
 */

const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** The leaf hash of one member's canonical text. */
export function leafHash(text: string): string {
  return sha256(LEAF, Buffer.from(text, 'utf8')).toString('hex');
}

const node = (left: Buffer, right: Buffer): Buffer => sha256(NODE, left, right);

/** The largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function rootOf(leaves: Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leaves[from]!;
  const k = split(n);
  return node(rootOf(leaves, from, from + k), rootOf(leaves, from + k, to));
}

/** The root over leaf hashes in order; the hash of nothing for an empty list. */
export function merkleRoot(leafHashes: string[]): string {
  if (leafHashes.length === 0) return sha256().toString('hex');
  return rootOf(leafHashes.map((h) => Buffer.from(h, 'hex')), 0, leafHashes.length).toString('hex');
}

/** The audit path of leaf `index`: the sibling hashes from the leaf up to the root (RFC 6962 PATH). */
export function inclusionPath(leafHashes: string[], index: number): string[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) throw new RangeError(`no leaf ${index} among ${leafHashes.length}`);
  const leaves = leafHashes.map((h) => Buffer.from(h, 'hex'));
  const path: Buffer[] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n === 1) return;
    const k = split(n);
    if (m < k) {
      walk(m, from, from + k);
      path.push(rootOf(leaves, from + k, to));
    } else {
      walk(m - k, from + k, to);
      path.push(rootOf(leaves, from, from + k));
    }
  };
  walk(index, 0, leaves.length);
  return path.map((b) => b.toString('hex'));
}

/**
 * Recomputes the root from one leaf hash, its index, the tree's size and its
 * audit path (RFC 9162 §2.1.3.2), and says whether it is `root`.
 */
export function verifyInclusion(leaf: string, index: number, size: number, path: string[], root: string): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  if (!/^[0-9a-f]{64}$/.test(leaf) || !path.every((p) => /^[0-9a-f]{64}$/.test(p))) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf, 'hex');
  for (const p of path) {
    const sibling = Buffer.from(p, 'hex');
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = node(sibling, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = node(r, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.toString('hex') === root;
}
