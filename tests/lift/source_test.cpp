#include "spak/lift/source.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "spak/util/error.h"

namespace spak::lift {
namespace {

TEST(Source, PythonCommentsAndDocstringsAreBlankedStringsKept) {
  std::string text = "x = 1  # ct.exp2(\ns = '# not a comment'\n\"\"\"doc ct.exp\nmore\"\"\"\ny = 2\n";
  std::string code = blank_comments(text, CommentStyle::Python);
  ASSERT_EQ(code.size(), text.size());
  EXPECT_EQ(code.find("ct.exp"), std::string::npos);
  EXPECT_NE(code.find("'# not a comment'"), std::string::npos);
  EXPECT_NE(code.find("y = 2"), std::string::npos);
  EXPECT_EQ(std::count(code.begin(), code.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
}

TEST(Source, CCommentsAreBlankedInlineAsmStringsKept) {
  std::string text = "// #define A 1\nasm(\"mma.sync // not a comment\"); /* cp.async\n */ int x;\n";
  std::string code = blank_comments(text, CommentStyle::C);
  EXPECT_EQ(code.find("#define"), std::string::npos);
  EXPECT_EQ(code.find("cp.async"), std::string::npos);
  EXPECT_NE(code.find("mma.sync // not a comment"), std::string::npos);
  EXPECT_NE(code.find("int x;"), std::string::npos);
}

TEST(Source, LinesMapOffsetsAndTextWithoutNewlines) {
  SourceFile s = make_source("k.cu", "cuda", "a\r\nbb\n\nccc", CommentStyle::C);
  EXPECT_EQ(s.line_of(0), 1);
  EXPECT_EQ(s.line_of(3), 2);
  EXPECT_EQ(s.line_of(6), 3);
  EXPECT_EQ(s.line_of(7), 4);
  EXPECT_EQ(s.line_of(9), 4);
  EXPECT_EQ(s.line_text(1), "a");
  EXPECT_EQ(s.line_text(4), "ccc");
  EXPECT_EQ(s.line_text(5), "");
}

TEST(Source, BinaryDataIsRejectedWithThePathAndOffset) {
  try {
    make_source("blob.bin", "cuda", std::string("ELF\0\x01", 5), CommentStyle::C);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("blob.bin"), std::string::npos) << message;
    EXPECT_NE(message.find("offset 3"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace spak::lift
