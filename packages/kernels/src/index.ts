// Image processing kernels over Volume (pure functions; inputs never mutated).
export {};
