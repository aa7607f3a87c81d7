/*
 * entry: the libFuzzer entry point of one harness, chosen at build time
 * with -DFUZZ_HARNESS=fuzz_NAME (Makefile.am builds fuzz/fuzz-NAME this
 * way for each harness in fuzz/fuzz.h).
 */
#include "config.h"

#include "fuzz.h"

#ifndef FUZZ_HARNESS
#error "build with -DFUZZ_HARNESS=fuzz_NAME"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FUZZ_HARNESS(data, size);
	return 0;
}
