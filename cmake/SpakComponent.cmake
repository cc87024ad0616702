# spak_component(NAME [DEPS component...] [LIBS target...])
#
# Builds src/spak/NAME/*.cpp into the static library spak_NAME (an interface library while the component has
# no sources yet) and tests/NAME/*_test.cpp into the GoogleTest binary spak_NAME_tests, registered with ctest.
# Tests run with SPAK_BIN pointing at the CLI and SPAK_SOURCE_DIR at the repository, so they can run `spak`
# as a user would and read examples/.
set(SPAK_COMPONENTS "" CACHE INTERNAL "")

function(spak_component name)
  cmake_parse_arguments(arg "" "" "DEPS;LIBS" ${ARGN})
  set(target spak_${name})
  set(deps "")
  foreach(dep IN LISTS arg_DEPS)
    list(APPEND deps spak_${dep})
  endforeach()

  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/spak/${name}/*.cpp)
  list(FILTER sources EXCLUDE REGEX "_test\\.cpp$")
  if(sources)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${target} PUBLIC ${deps} ${arg_LIBS})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${target} INTERFACE ${deps} ${arg_LIBS})
  endif()
  set(SPAK_COMPONENTS ${SPAK_COMPONENTS} ${target} CACHE INTERNAL "")

  file(GLOB tests CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/${name}/*_test.cpp)
  if(tests)
    add_executable(${target}_tests ${tests})
    target_link_libraries(${target}_tests PRIVATE ${target} GTest::gtest GTest::gmock GTest::gtest_main)
    target_include_directories(${target}_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests)  # tests/support/
    target_compile_definitions(${target}_tests PRIVATE
      SPAK_SOURCE_DIR="${PROJECT_SOURCE_DIR}" SPAK_BIN="$<TARGET_FILE_DIR:spak>/spak")
    gtest_discover_tests(${target}_tests DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${name})
  endif()
endfunction()
