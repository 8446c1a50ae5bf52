// The program: libFuzzer's driver with this target's fuzzScreenDiff (in FuzzScreenDiff.swift).
import Foundation
import FuzzDriver

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
// (A closure: passing the @_cdecl function itself emits its C symbol a second time.)
// The rules load before the first input, so that its time limit is its own.
_ = book
_ = (reader, decoder)
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzScreenDiff(data, size) })
