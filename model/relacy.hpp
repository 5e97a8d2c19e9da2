// model/relacy.hpp: THE single include of Relacy in foliocheck.
//
// Relacy #defines new, delete, assert, memory_order_* and more, and replaces operator new:
// every standard header must come before it, and only model/relacy_engine.cpp includes this file.
// Build with -fno-sized-deallocation (Debian's relacy-dev predates the sized-delete fix).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#include <relacy/relacy.hpp>
#pragma GCC diagnostic pop
