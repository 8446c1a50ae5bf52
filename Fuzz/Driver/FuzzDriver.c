// Nothing to define: the header declares libFuzzer's LLVMFuzzerRunDriver for Swift.
#include "FuzzDriver.h"
