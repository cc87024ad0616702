system   Odd{
tuning_space{
	a:[1,2,3]
      b :  range [ 1 , 4 ]
  }



      knowledge{rule "x"{when:"a > 1"
recommend:"b = 2" ;confidence:0.5}
}
  constraints
  {
    "a <= b"
  }
  notes:
        first line
          deeper line
  trailing: 1     
}
