import { options, type VNode } from 'preact';

/**
 * React 19 hands a function component its `ref` as an ordinary prop (our ItemView and
 * SkillsItemView rely on it); Preact 10 keeps `ref` for itself and would point it at an internal
 * object. Moving it into the props when the element is created gives every function component
 * React 19's behaviour; forwardRef, memo and lazy read it from there too. Class components keep theirs.
 */
const previousVNodeHook = options.vnode;
options.vnode = (vnode: VNode) => {
  const type = vnode.type as unknown;
  if (typeof type === 'function' && !(type.prototype as { render?: unknown } | undefined)?.render && vnode.ref) {
    (vnode.props as { ref?: unknown }).ref = vnode.ref;
    vnode.ref = null;
  }
  previousVNodeHook?.(vnode);
};
