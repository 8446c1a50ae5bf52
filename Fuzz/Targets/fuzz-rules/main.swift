// The program: libFuzzer's driver with this target's fuzzRules (in FuzzRules.swift).
import Foundation
import FuzzDriver

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
// (A closure: passing the @_cdecl function itself emits its C symbol a second time.)
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzRules(data, size) })
