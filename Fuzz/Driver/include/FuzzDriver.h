// libFuzzer's entry point for a program that has its own main (LLVM 11+).
// SwiftPM links an executable's main.swift as the program's main on Linux, so
// the fuzz targets' main calls this instead of libFuzzer's own main.
#ifndef MATCHCTL_FUZZ_DRIVER_H
#define MATCHCTL_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
